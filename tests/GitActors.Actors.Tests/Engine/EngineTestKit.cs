using Akka.Configuration;
using GitActors.Actors.Hosting;

namespace GitActors.Actors.Tests.Engine;

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

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(TempFolder)) Directory.Delete(TempFolder, recursive: true);
    }
}
