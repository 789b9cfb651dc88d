namespace GitActors.Actors.Tests.Sweeps;

/// <summary>
/// An engine actor system on Akka's TestScheduler: the supervisor's timers (retry backoff, progress deadlines) fire only
/// when a test advances <see cref="Clock"/>, so "not a millisecond before" and "right at it" are checked exactly
/// instead of against the wall clock.
/// </summary>
public abstract class ScheduledSupervisorTestKit() : Akka.TestKit.Xunit2.TestKit(EngineSystem.BuildConfig(EngineSystem.InMemoryPersistence,
    ConfigurationFactory.ParseString("""
    akka.loglevel = ERROR
    akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
    akka.test.single-expect-default = 20s
    """)))
{
    protected TestScheduler Clock => (TestScheduler)Sys.Scheduler;
}
