using Akka.Configuration;
using GitActors.Actors.Hosting;

namespace GitActors.Actors.Tests.Engine;

/// <summary>The engine's real configuration (dispatchers included) over Akka's in-memory journal.</summary>
public abstract class EngineTestKit() : Akka.TestKit.Xunit2.TestKit(EngineSystem.BuildConfig(EngineSystem.InMemoryPersistence,
    ConfigurationFactory.ParseString("akka.loglevel = WARNING")))
{
    protected string TempFolder { get; } = Directory.CreateTempSubdirectory("gitactors-engine-").FullName;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(TempFolder)) Directory.Delete(TempFolder, recursive: true);
    }
}
