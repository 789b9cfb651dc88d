namespace GitActors.Actors.Journal.Schema;

/// <summary>The recorded generator and bank to and from their persisted form.</summary>
internal static class ArtifactEventMapping
{
    public static GeneratorRecordedV1 ToPersisted(GeneratorRecorded e) =>
        new(e.SweepId, e.RunId, RunConfigMapping.ToPersisted(e.Data), e.Path, e.Sha256, e.At);

    public static GeneratorRecorded ToDomain(GeneratorRecordedV1 e) =>
        new(e.SweepId, e.RunId, RunConfigMapping.ToDomain(e.Data), e.Path, e.Sha256, e.At);

    public static BankRecordedV1 ToPersisted(BankRecorded e) =>
        new(e.SweepId, e.RunId, RunConfigMapping.ToPersisted(e.Data), e.GeneratorSha256, e.Path, e.Sha256, e.At);

    public static BankRecorded ToDomain(BankRecordedV1 e) =>
        new(e.SweepId, e.RunId, RunConfigMapping.ToDomain(e.Data), e.GeneratorSha256, e.Path, e.Sha256, e.At);
}
