namespace GitActors.Actors.Tests.Hosting;

public sealed class EngineSystemTests
{
    [Fact]
    public void The_embedded_defaults_define_the_pinned_trainer_dispatcher_and_one_cpu_slot()
    {
        var config = EngineSystem.DefaultConfig;
        Assert.Equal("PinnedDispatcher", config.GetString("gitactors.trainer-dispatcher.type"));
        Assert.Equal(new DeviceSettings(1, 0, true), DeviceSettings.FromConfig(config));
        Assert.Equal("GitActors.Actors.Journal.EventSerializer, GitActors.Actors", config.GetString("akka.actor.serializers.gitactors-journal"));
    }

    [Fact]
    public void Overrides_win_over_persistence_which_wins_over_the_defaults()
    {
        var persistence = ConfigurationFactory.ParseString("gitactors.engine.prefetch = 6\ngitactors.engine.chunk-steps = 16");
        var overrides = ConfigurationFactory.ParseString("gitactors.engine.chunk-steps = 2");

        var settings = TrainerSettings.FromConfig(EngineSystem.BuildConfig(persistence, overrides), "/out");

        Assert.Equal((2, 6, "gitactors.loader-dispatcher"), (settings.ChunkSteps, settings.Prefetch, settings.LoaderDispatcher));
    }
}
