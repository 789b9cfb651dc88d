using System.CommandLine;
using GitActors.Models;

namespace GitActors.Host.Commands;

/// <summary>
/// Bad input (spec, data files, checkpoints, journal) ends with one clear line and exit code 2, not a stack trace;
/// anything unexpected keeps its stack trace and exits 1.
/// </summary>
internal static class CommandErrors
{
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        try
        {
            // Ctrl+C cancels the action's token; give a sweep time to stop its trainers between chunks (the journal is
            // crash-safe either way, but a clean stop leaves nothing half done).
            var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
            return await root.Parse(args).InvokeAsync(configuration);
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
