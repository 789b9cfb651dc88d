namespace GitActors.Models.Experiments.Events;

/// <summary>Every journal event belongs to one sweep; the write adapter tags it "sweep:{SweepId}".</summary>
public interface ISweepEvent
{
    string SweepId { get; }
}

/// <summary>Events about one run of a sweep.</summary>
public interface IRunEvent : ISweepEvent
{
    string RunId { get; }
}
