using System.Net;
using System.Net.Sockets;
using GitActors.Actors.Cluster;
using GitActors.Actors.Sweeps;

namespace GitActors.Host.Bench;

/// <summary>One cluster size's measurement: wall time from submission to SweepFinished, and the scheduling gaps.</summary>
internal sealed record ClusterBenchResult(int Nodes, int Runs, double WallSeconds, double MeanSchedulingMs, double MaxSchedulingMs, int Gaps);

/// <summary>
/// `bench cluster`: the same 6-run tiny sweep (fmnist-bg-lt, simplecnn, 600 train / 500 test images, 3 epochs) on 1, 2
/// and 3 local `gitactors node` processes (1 CPU slot x 1 thread each, PostgreSQL journal on a private server, shared
/// checkpoint folder), submitted through ClusterSweepClient. Scheduling overhead comes from the journal's timestamps: for
/// each trainer, the gap between its previous RunCompleted (or the sweep's start, for its first run) and its next RunStarted.
/// </summary>
internal static class ClusterBench
{
    public const string SweepText = """
        sweep {
          name = bench-cluster
          datasets = [{ name = fmnist-bg-lt, train-limit = 600, test-limit = 500 }]
          seeds = [1, 2, 3]
          models = [simplecnn]
          methods = [erm, "ce+drs"]
          epochs = 3
          batch-size = 128
          lr { warmup-epochs = 1, stage1 = 2, stage2 = 3 }
          ekld { images-per-class = 3, transforms-per-image = 5 }
        }
        """;

    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(120);

    public static async Task<ClusterBenchResult> MeasureAsync(LocalPostgres postgres, string folder, int nodeCount, CancellationToken cancel)
    {
        var spec = Path.Combine(folder, "sweep.conf");
        await File.WriteAllTextAsync(spec, SweepText, cancel);
        var sweep = SweepSpecParser.Load(spec);
        var plan = sweep.Expand();
        var journal = postgres.CreateDatabase($"bench_{nodeCount}");
        var checkpoints = Path.Combine(folder, $"checkpoints-{nodeCount}");
        var ports = FreePorts(nodeCount);
        var seed = ClusterSettings.SeedAddress("127.0.0.1", ports[0]);
        var nodes = new List<NodeChild>();
        try
        {
            for (var i = 0; i < nodeCount; i++)
                nodes.Add(NodeChild.Start(folder, i == 0 ? "coordinator,trainer" : "trainer", ports[i], seed, journal, checkpoints));
            foreach (var port in ports) await nodes[0].WaitForLineAsync($"member up {ClusterSettings.SeedAddress("127.0.0.1", port)}", Startup, cancel);
            var clock = Stopwatch.StartNew();
            var status = await ClusterSweepClient.RunAsync(ClusterSettings.Client([seed]), plan, sweep.SourcePath, sweep.SourceText, cancellationToken: cancel);
            var wall = clock.Elapsed.TotalSeconds;
            if (status.Count(RunPhase.Completed) != plan.Runs.Count)
                throw new InvalidOperationException($"{nodeCount} node(s): only {status.Count(RunPhase.Completed)} of {plan.Runs.Count} runs completed");
            await using var reader = JournalReader.Open(JournalSettings.Postgres(journal));
            var gaps = SchedulingGaps((await reader.SweepEvents(plan.SweepId, cancel)).Select(e => e.Event).ToList());
            return new ClusterBenchResult(nodeCount, plan.Runs.Count, wall, gaps.Average(), gaps.Max(), gaps.Count);
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
        }
    }

    /// <summary>
    /// Per trainer (node and device), in time order: from the event that made it free (its previous run's RunCompleted,
    /// or SweepStarted for its first run) to its next RunStarted, in milliseconds. Timestamps are the coordinator's.
    /// </summary>
    public static IReadOnlyList<double> SchedulingGaps(IReadOnlyList<ISweepEvent> events)
    {
        var started = events.OfType<SweepStarted>().FirstOrDefault() ?? throw new InvalidOperationException("the sweep has no SweepStarted event");
        var attempts = events.OfType<RunStarted>().ToDictionary(e => e.FencingToken);
        var freedAt = new Dictionary<(string Node, string Device), DateTimeOffset>();
        var gaps = new List<double>();
        foreach (var e in events)
        {
            switch (e)
            {
                case RunStarted s:
                    var trainer = (s.Node, s.Device);
                    gaps.Add((s.At - freedAt.GetValueOrDefault(trainer, started.At)).TotalMilliseconds);
                    freedAt.Remove(trainer);
                    break;
                case RunCompleted c when attempts.TryGetValue(c.FencingToken, out var attempt):
                    freedAt[(attempt.Node, attempt.Device)] = c.At;
                    break;
            }
        }
        return gaps;
    }

    private static List<int> FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        foreach (var listener in listeners) listener.Start();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        foreach (var listener in listeners) listener.Stop();
        return ports;
    }

    /// <summary>A `gitactors node` child process of this very executable; its output is kept for errors and readiness.</summary>
    private sealed class NodeChild : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines = [];

        private NodeChild(Process process) => _process = process;

        public static NodeChild Start(string folder, string roles, int port, string seed, string journal, string checkpoints)
        {
            var info = new ProcessStartInfo(Environment.ProcessPath!) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
            // Run as `dotnet gitactors.dll` or as the apphost: the same way this process was started.
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") info.ArgumentList.Add(typeof(ClusterBench).Assembly.Location);
            foreach (var arg in new[] { "node", "--roles", roles, "--host", "127.0.0.1", "--port", $"{port}", "--seed", seed, "--journal-provider", "postgres",
                         "--journal-connection", journal, "--checkpoints", checkpoints, "--cpu-slots", "1", "--threads-per-slot", "1" })
                info.ArgumentList.Add(arg);
            var process = new Process { StartInfo = info };
            var child = new NodeChild(process);
            process.OutputDataReceived += (_, e) => child.Add(e.Data);
            process.ErrorDataReceived += (_, e) => child.Add(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return child;
        }

        public async Task WaitForLineAsync(string text, TimeSpan timeout, CancellationToken cancel)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!Has(text))
            {
                if (_process.HasExited) throw new InvalidOperationException($"a node exited ({_process.ExitCode}) before '{text}':\n{Tail()}");
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"no '{text}' from the seed node within {timeout}:\n{Tail()}");
                await Task.Delay(50, cancel);
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            _process.Dispose();
        }

        private void Add(string? line)
        {
            if (line is null) return;
            lock (_lines) _lines.Add(line);
        }

        private bool Has(string text)
        {
            lock (_lines) return _lines.Any(l => l.Contains(text, StringComparison.Ordinal));
        }

        private string Tail()
        {
            lock (_lines) return string.Join('\n', _lines.TakeLast(40));
        }
    }
}
