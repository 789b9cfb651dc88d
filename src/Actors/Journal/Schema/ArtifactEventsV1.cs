namespace GitActors.Actors.Journal.Schema;

// generator-recorded.v1 and bank-recorded.v1 as stored: the artifacts MUNIT and bank jobs leave for the GIT runs.

public sealed record GeneratorRecordedV1(string SweepId, string RunId, DataSpecV1 Data, string Path, string Sha256, DateTimeOffset At);

public sealed record BankRecordedV1(string SweepId, string RunId, DataSpecV1 Data, string GeneratorSha256, string Path, string Sha256, DateTimeOffset At);
