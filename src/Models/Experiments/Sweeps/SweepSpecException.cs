using GitActors.Models;

namespace GitActors.Models.Experiments.Sweeps;

/// <summary>A sweep file that cannot be run: names the file, the key path and what is wrong, before anything starts.</summary>
public sealed class SweepSpecException(string file, string keyPath, string problem)
    : InputException($"{file}: {keyPath}: {problem}")
{
    public string File { get; } = file;
    public string KeyPath { get; } = keyPath;
    public string Problem { get; } = problem;
}
