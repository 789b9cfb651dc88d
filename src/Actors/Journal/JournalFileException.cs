using GitActors.Models;

namespace GitActors.Actors.Journal;

/// <summary>The journal file cannot be used (missing, or not a SQLite database); it has not been modified.</summary>
public sealed class JournalFileException(string path, string problem) : InputException($"{path}: {problem}")
{
    public string Path { get; } = path;
}
