namespace GitActors.Models.Experiments.Protocol;

/// <summary>A recorded augmentation bank: the bank job that made it, where it is, and the SHA-256 of its bytes.</summary>
public sealed record BankRef(string JobRunId, string Path, string Sha256);
