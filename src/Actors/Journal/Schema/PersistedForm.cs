namespace GitActors.Actors.Journal.Schema;

/// <summary>One manifest: the domain event, the record the journal stores for it, and the mapping both ways.</summary>
public sealed record PersistedForm(string Manifest, Type Domain, Type Persisted, Func<ISweepEvent, object> ToPersisted, Func<object, ISweepEvent> ToDomain)
{
    public static PersistedForm Of<TDomain, TPersisted>(string manifest, Func<TDomain, TPersisted> toPersisted, Func<TPersisted, TDomain> toDomain)
        where TDomain : ISweepEvent
        where TPersisted : notnull =>
        new(manifest, typeof(TDomain), typeof(TPersisted), e => toPersisted((TDomain)e), p => toDomain((TPersisted)p));
}
