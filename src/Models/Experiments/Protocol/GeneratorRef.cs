namespace GitActors.Models.Experiments.Protocol;

/// <summary>A recorded MUNIT generator file: the job that made it, where it is, and the SHA-256 of its bytes.</summary>
public sealed record GeneratorRef(string JobRunId, string Path, string Sha256);
