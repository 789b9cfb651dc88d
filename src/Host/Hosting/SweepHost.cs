using Akka.Actor;
using Akka.Hosting;
using GitActors.Actors.Hosting;
using GitActors.Actors.Sweeps;
using GitActors.Actors.Training;
using GitActors.Host.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GitActors.Host.Hosting;

/// <summary>
/// Runs a sweep on this node. Alone, in the engine's own ActorSystem (SweepRunner). With the dashboard in the same
/// process (`sweep run --dashboard PORT`), in one .NET generic host: Akka.Hosting starts and stops the engine's
/// ActorSystem (the same layered HOCON), Kestrel serves the dashboard, and the dashboard reads the journal through that
/// same ActorSystem's read journal, so there is one host, one ActorSystem and one journal connection setup.
/// </summary>
internal static class SweepHost
{
    public static async Task<SweepStatus> RunAsync(int? dashboardPort, SweepPlan plan, IRunWorkloadFactory factory, SweepRunOptions options,
        JournalSettings journal, IProgress<SweepProgress> progress, Action<string> announce, CancellationToken cancel)
    {
        if (dashboardPort is not { } port) return await SweepRunner.RunAsync(plan, factory, options, progress, cancel);
        var builder = DashboardServer.CreateBuilder("127.0.0.1", port);
        builder.Services.AddAkka("gitactors", akka => akka.AddHocon(EngineSystem.BuildConfig(options.Persistence, options.Overrides), HoconAddMode.Prepend));
        builder.Services.AddSingleton(services => new JournalSource(journal, () => JournalReader.On(services.GetRequiredService<ActorSystem>(), journal)));
        await using var app = builder.Build();
        DashboardServer.Map(app);
        await app.StartAsync(cancel);
        announce($"dashboard at {DashboardServer.Address(app)}/sweeps/{plan.SweepId}");
        try
        {
            return await SweepRunner.RunAsync(app.Services.GetRequiredService<ActorSystem>(), plan, factory, options, progress, cancel);
        }
        finally
        {
            // Bounded like SweepRunner's own termination: a trainer retired after a stall may never stop.
            await app.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
