namespace GitActors.Actors.Tests.Hosting;

/// <summary>The engine's real configuration (dispatchers included) over Akka's in-memory journal.</summary>
public abstract class EngineTestKit() : Akka.TestKit.Xunit2.TestKit(EngineSystem.BuildConfig(EngineSystem.InMemoryPersistence,
    ConfigurationFactory.ParseString("""
    akka.loglevel = WARNING
    # Expectations without an explicit timeout wait this long: they return as soon as the message arrives, so a
    # generous bound costs nothing on a quiet machine and keeps a loaded 2-core CI machine from failing them.
    akka.test.single-expect-default = 20s
    """)))
{
    protected string TempFolder { get; } = Directory.CreateTempSubdirectory("gitactors-engine-").FullName;

    /// <summary>
    /// Asserts that <paramref name="actor"/> sends the test actor nothing more for the messages already in its mailbox,
    /// without a timing window: an Identify goes behind them, and its answer, sent to the same receiver after anything
    /// they made, must be the next message. A second round trip also covers work an actor queued to itself while
    /// handling them (one self-message per step, as the data loader does).
    /// </summary>
    protected void ExpectNothingMoreFrom(IActorRef actor)
    {
        for (var trip = 1; trip <= 2; trip++)
        {
            actor.Tell(new Identify(trip));
            var next = ReceiveOne(TimeSpan.FromSeconds(20));
            Assert.True(next is ActorIdentity { MessageId: int id } && id == trip,
                $"expected nothing more from {actor.Path.Name} before its identity (round trip {trip}), got {next?.GetType().Name ?? "nothing"}");
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(TempFolder)) Directory.Delete(TempFolder, recursive: true);
    }
}
