using Spectre.Console;

namespace GitActors.Host.Output;

/// <summary>
/// The console tables are written to. On a terminal, the terminal's width; when the output is redirected (a pipe, a
/// file, CI), wide enough that no cell wraps, so each row stays one line that grep, cut and awk can read.
/// </summary>
internal static class StdoutConsole
{
    public const int RedirectedWidth = 1000;

    public static IAnsiConsole ForStdout() => Create(Console.Out, terminal: !Console.IsOutputRedirected);

    public static IAnsiConsole Create(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (!terminal) console.Profile.Width = RedirectedWidth;
        return console;
    }
}
