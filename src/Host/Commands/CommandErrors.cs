using GitActors.Actors.Journal.Locking;

namespace GitActors.Host.Commands;

/// <summary>
/// Bad input (spec, data files, checkpoints, journal) ends with one clear line and exit code 2, not a stack trace;
/// a journal (or PostgreSQL sweep) that another process is writing, with one line naming it and exit code 3;
/// a journal that fails while a sweep runs, with one line and exit code 5 (what was recorded is kept);
/// anything unexpected keeps its stack trace and exits 1.
/// </summary>
internal static class CommandErrors
{
    /// <summary>Another process holds the journal's writer lock: nothing was written, try again once it has ended.</summary>
    public const int JournalInUse = 3;

    /// <summary>The journal failed a write or a recovery mid-sweep: `sweep resume` continues once it is back.</summary>
    public const int JournalUnavailable = 5;

    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        try
        {
            // Ctrl+C cancels the action's token; give a sweep time to stop its trainers between chunks (the journal is
            // crash-safe either way, but a clean stop leaves nothing half done).
            var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
            return await root.Parse(args).InvokeAsync(configuration);
        }
        catch (JournalLockedException error)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return JournalInUse;
        }
        catch (JournalUnavailableException error)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return JournalUnavailable;
        }
        catch (Exception error) when (IsUserError(error))
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
    }

    private static bool IsUserError(Exception error) => error is InputException or ArgumentException
        or InvalidDataException or IOException or FormatException;
}
