namespace GitActors.Host.Output;

/// <summary>A name made safe for one path segment: letters, digits, '-', '_' and '.' kept, anything else '_'.</summary>
internal static class SafeFileName
{
    public static string Of(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
