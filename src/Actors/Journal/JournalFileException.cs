namespace GitActors.Actors.Journal;

/// <summary>
/// The journal cannot be used (a missing file, a file that is not SQLite, an unreachable PostgreSQL database or one
/// without journal tables); it has not been modified. Path names the file or the database (never a password).
/// </summary>
public sealed class JournalFileException(string path, string problem) : InputException($"{path}: {problem}")
{
    public string Path { get; } = path;
}
