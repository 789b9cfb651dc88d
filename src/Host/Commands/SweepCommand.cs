using GitActors.Actors.Sweeps;
using GitActors.Host.Cluster;
using GitActors.Host.Sweeps;

namespace GitActors.Host.Commands;

/// <summary>
/// `gitactors sweep run SPEC | resume SWEEP | retry-failed SWEEP | status SWEEP`: launch a sweep on this node's trainers
/// (or, with --cluster, on a cluster of `gitactors node` members), continue one from its journal, run its failed runs
/// again once their cause is fixed, or look at one (read-only, safe while it runs). Launching the same spec again
/// resumes it: finished runs are skipped, interrupted runs continue from their last good checkpoint.
/// </summary>
internal static class SweepCommand
{
    public const string DefaultOutput = "./gitactors-out";

    public static Command Create(IFaultPoints faults)
    {
        var command = new Command("sweep", "Run, resume and inspect sweeps (grids of training runs with a durable journal)");
        command.Subcommands.Add(Run(faults));
        command.Subcommands.Add(Resume(faults));
        command.Subcommands.Add(RetryFailed(faults));
        command.Subcommands.Add(Status());
        return command;
    }

    /// <summary>Where the journal and checkpoints live (the options every sweep verb shares), and --json.</summary>
    private sealed class Location
    {
        public JournalLocation Journal { get; } = new();
        public Option<bool> Json { get; } = new("--json") { Description = "Final status as JSON on stdout (progress goes to stderr)" };

        public void AddTo(Command command)
        {
            Journal.AddTo(command);
            command.Options.Add(Json);
        }

        public JournalSettings Settings(ParseResult parse) => Journal.Settings(parse);

        public string Out(ParseResult parse) => Journal.OutFolder(parse);
    }

    /// <summary>`--cluster SEED`: hand the sweep to a running cluster of `gitactors node` members instead of training here.</summary>
    private sealed class ClusterTarget
    {
        public Option<string[]> Seeds { get; } = new("--cluster")
        {
            Description = "Submit to the cluster with this seed node akka.tcp://gitactors@HOST:PORT (akka.ssl.tcp:// with TLS; repeatable) instead of training here",
            AllowMultipleArgumentsPerToken = true,
        };
        public Option<string> Host { get; } = new("--cluster-host") { Description = "Address this client binds when it joins the cluster", DefaultValueFactory = _ => "127.0.0.1" };
        public TlsOptions Tls { get; } = new();

        public void AddTo(Command command)
        {
            command.Options.Add(Seeds);
            command.Options.Add(Host);
            Tls.AddTo(command);
        }

        public IReadOnlyList<string>? Of(ParseResult parse) => parse.GetValue(Seeds) is { Length: > 0 } seeds ? seeds : null;

        /// <summary>The cluster's journal is read for the summary only when one is named (the default SQLite file is this node's).</summary>
        public ClusterLaunch Launch(ParseResult parse, IReadOnlyList<string> seeds, Location location) =>
            new(seeds, parse.GetValue(Host)!, Tls.Of(parse), location.Journal.NamesProvider(parse) ? location.Settings(parse) : null, parse.GetValue(location.Json));
    }

    /// <summary>How this node runs trainers; layered over the engine defaults (hocon/gitactors.conf).</summary>
    private sealed class Engine
    {
        public Option<int?> CpuSlots { get; } = new("--cpu-slots") { Description = "Trainers on the CPU when no CUDA device is used (gitactors.devices.cpu-slots)" };
        public Option<int?> ThreadsPerSlot { get; } = new("--threads-per-slot") { Description = "Torch threads per CPU trainer; 0 = cores / slots (gitactors.devices.threads-per-slot)" };
        public Option<string?> Config { get; } = new("--config") { Description = "A HOCON file of engine overrides (gitactors { ... }, akka { ... })" };
        public Option<int?> Dashboard { get; } = new("--dashboard") { Description = "Also serve the dashboard from this process on 127.0.0.1:PORT while the sweep runs (one generic host)" };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { CpuSlots, ThreadsPerSlot, Config, Dashboard }) command.Options.Add(option);
        }

        public EngineOverrides Overrides(ParseResult parse) =>
            new(parse.GetValue(Config), parse.GetValue(CpuSlots), parse.GetValue(ThreadsPerSlot));
    }

    private static Command Run(IFaultPoints faults)
    {
        var location = new Location();
        var engine = new Engine();
        var spec = new Argument<string>("spec") { Description = "The sweep file (HOCON, see hocon/sweeps/)" };
        var cluster = new ClusterTarget();
        var command = new Command("run", "Validate a sweep file and run it (here, or on a cluster with --cluster); launching it again resumes it");
        command.Arguments.Add(spec);
        location.AddTo(command);
        engine.AddTo(command);
        cluster.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            // The spec is checked before anything touches the journal or the output folder.
            var sweep = SweepSpecParser.Load(parse.GetValue(spec)!);
            var plan = sweep.Expand();
            if (cluster.Of(parse) is { } seeds)
                return await cluster.Launch(parse, seeds, location).RunAsync(plan, Path.GetFullPath(sweep.SourcePath), sweep.SourceText, cancel);
            var launch = new SweepLaunch(location.Out(parse), location.Settings(parse), engine.Overrides(parse), parse.GetValue(location.Json), faults, parse.GetValue(engine.Dashboard));
            return await launch.RunAsync(plan, Path.GetFullPath(sweep.SourcePath), sweep.SourceText, cancel);
        });
        return command;
    }

    private static Command Resume(IFaultPoints faults)
    {
        var location = new Location();
        var engine = new Engine();
        var sweepId = new Argument<string>("sweep-id") { Description = "The sweep to continue (see `gitactors journal sweeps`)" };
        var cluster = new ClusterTarget();
        var command = new Command("resume", "Continue a sweep from its journal (the plan recorded when it started; no spec file needed); " +
                                            "with --cluster, re-submit it to the cluster whose journal that is");
        command.Arguments.Add(sweepId);
        location.AddTo(command);
        engine.AddTo(command);
        cluster.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var journal = location.Settings(parse);
            var recorded = await JournalPlan.LoadAsync(journal, parse.GetValue(sweepId)!, cancel);
            if (cluster.Of(parse) is { } seeds)
                return await cluster.Launch(parse, seeds, location).RunAsync(recorded.Plan, recorded.SpecPath, recorded.SpecText, cancel);
            var launch = new SweepLaunch(location.Out(parse), journal, engine.Overrides(parse), parse.GetValue(location.Json), faults, parse.GetValue(engine.Dashboard));
            return await launch.RunAsync(recorded.Plan, recorded.SpecPath, recorded.SpecText, cancel);
        });
        return command;
    }

    /// <summary>
    /// Records RunRetryRequested for every run that failed for good, then goes on as `resume` does (here, not --cluster),
    /// so the runs train now: a user who fixed the cause wants them run, and a separate resume would be one more step.
    /// </summary>
    private static Command RetryFailed(IFaultPoints faults)
    {
        var location = new Location();
        var engine = new Engine();
        var sweepId = new Argument<string>("sweep-id") { Description = "The sweep whose failed runs to run again (see `gitactors journal sweeps`)" };
        var command = new Command("retry-failed", "Queue the runs that failed for good again with a fresh attempt budget (journalled), " +
                                                  "after fixing the cause, and continue the sweep here as `resume` does");
        command.Arguments.Add(sweepId);
        location.AddTo(command);
        engine.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var journal = location.Settings(parse);
            var recorded = await JournalPlan.LoadAsync(journal, parse.GetValue(sweepId)!, cancel);
            var launch = new SweepLaunch(location.Out(parse), journal, engine.Overrides(parse), parse.GetValue(location.Json), faults,
                parse.GetValue(engine.Dashboard), retryFailed: true);
            return await launch.RunAsync(recorded.Plan, recorded.SpecPath, recorded.SpecText, cancel);
        });
        return command;
    }

    private static Command Status()
    {
        var location = new Location();
        var sweepId = new Argument<string>("sweep-id") { Description = "The sweep (see `gitactors journal sweeps`)" };
        var command = new Command("status", "Per-run state, epoch, attempts and best metrics of a sweep (read-only, safe while it runs)");
        command.Arguments.Add(sweepId);
        location.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var id = parse.GetValue(sweepId)!;
            var report = await SweepQueries.ReadAsync(location.Settings(parse), reader => SweepQueries.StatusAsync(reader, id, cancel));
            if (parse.GetValue(location.Json)) JsonOutput.Write(report);
            else SweepTables.WriteStatus(StdoutConsole.ForStdout(), report);
            return 0;
        });
        return command;
    }
}
