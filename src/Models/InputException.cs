namespace GitActors.Models;

/// <summary>
/// Bad input a user can fix (a data file, a sweep spec, a journal, a checkpoint): the message names the file and the
/// problem, and the command line reports it in one line with exit code 2 instead of a stack trace.
/// </summary>
public abstract class InputException(string message, Exception? inner = null) : Exception(message, inner);
