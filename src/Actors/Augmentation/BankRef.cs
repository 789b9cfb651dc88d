namespace GitActors.Actors.Augmentation;

/// <summary>A recorded augmentation bank: the bank job that made it, where it is, and the SHA-256 of its bytes.</summary>
public sealed record BankRef(string JobRunId, string Path, string Sha256);
