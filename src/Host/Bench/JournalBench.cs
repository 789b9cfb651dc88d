using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Microsoft.Data.Sqlite;

namespace GitActors.Host.Bench;

/// <summary>
/// Journal write throughput: EpochCompleted events persisted by a persistent actor through the real serializer and
/// tagging adapter (the production config from JournalConfig), one event per write (Persist: the actor waits for each
/// write, as the supervisor does) or pipelined (PersistAsync with a bounded number in flight, which the journal
/// batches). Latency is from the Persist call to its handler, so it includes any wait for a batch to flush.
/// </summary>
internal static class JournalBench
{
    public enum Mode { Persist, PersistAsync }

    public sealed record Result(string Store, Mode Mode, int Events, int InFlight, double Seconds, double EventsPerSecond, double P50Ms, double P99Ms);

    private static readonly Config Quiet = ConfigurationFactory.ParseString(
        "akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING\nakka.log-dead-letters = off\nakka.log-dead-letters-during-shutdown = off");

    /// <summary>Both modes on a fresh SQLite journal in a temp folder, deleted afterwards.</summary>
    public static async Task<IReadOnlyList<Result>> Sqlite(int events, int window, int warmup)
    {
        var folder = Directory.CreateTempSubdirectory("gitactors-journal-bench-").FullName;
        try
        {
            var file = Path.Combine(folder, JournalSettings.DefaultFileName);
            JournalFile.PrepareForWriting(file);
            return await Measure("sqlite", JournalSettings.Sqlite(file), events, window, warmup);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Both modes on the given PostgreSQL database (tables created if missing; each measurement under its own persistence id).</summary>
    public static Task<IReadOnlyList<Result>> Postgres(string connectionString, int events, int window, int warmup) =>
        Measure("postgresql", JournalSettings.Postgres(connectionString), events, window, warmup);

    private static async Task<IReadOnlyList<Result>> Measure(string store, JournalSettings settings, int events, int window, int warmup)
    {
        var system = ActorSystem.Create("gitactors-journal-bench", Quiet.WithFallback(JournalConfig.Build(settings)));
        try
        {
            // Warm-up (JIT, connection pool, table creation) under its own id; not reported.
            if (warmup > 0) await Run(system, Mode.PersistAsync, Events(warmup), window);
            var results = new List<Result>();
            foreach (var mode in new[] { Mode.Persist, Mode.PersistAsync })
            {
                var inFlight = mode == Mode.Persist ? 1 : window;
                var (seconds, latencies) = await Run(system, mode, Events(events), inFlight);
                Array.Sort(latencies);
                results.Add(new Result(store, mode, events, inFlight, seconds, events / seconds,
                    Percentile(latencies, 0.50), Percentile(latencies, 0.99)));
            }
            return results;
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static async Task<(double Seconds, double[] LatenciesMs)> Run(ActorSystem system, Mode mode, EpochCompleted[] events, int inFlight)
    {
        var done = new TaskCompletionSource<(double, double[])>(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = system.ActorOf(Props.Create(() => new Writer($"bench-{Guid.NewGuid():N}", mode, events, inFlight, done)));
        var timeout = TimeSpan.FromSeconds(60 + events.Length / 50.0);
        try
        {
            return await done.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"journal bench ({mode}, {events.Length} events) did not finish in {timeout.TotalSeconds:F0}s");
        }
        finally
        {
            system.Stop(writer);
        }
    }

    /// <summary>Nearest-rank percentile of ascending values (q in (0, 1]).</summary>
    public static double Percentile(double[] ascending, double q)
    {
        if (ascending.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(q * ascending.Length);
        return ascending[Math.Clamp(rank, 1, ascending.Length) - 1];
    }

    /// <summary>
    /// What one long run's epochs look like in the journal: 16-hex sweep and run ids, a checkpoint path under the output
    /// folder, a SHA-256, a decaying loss and lr, a rising accuracy. Built before timing so only the journal is measured.
    /// </summary>
    public static EpochCompleted[] Events(int count)
    {
        const string sweepId = "3f9c2a71d05be468";
        const string runId = "b81e07c4a95d2f36";
        var at = new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);
        var events = new EpochCompleted[count];
        for (var i = 0; i < count; i++)
        {
            var epoch = i + 1;
            var path = $"/srv/gitactors/out/{sweepId}/runs/{runId}/checkpoints/epoch-{epoch:D4}.pt";
            var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)));
            events[i] = new EpochCompleted(sweepId, runId, Attempt: 1, FencingToken: 17, epoch,
                TrainLoss: 2.3 * Math.Exp(-epoch / 40.0) + 0.05, Lr: 0.1 * Math.Pow(0.1, epoch / 160), BalancedAccuracy: 0.9 - 0.8 * Math.Exp(-epoch / 30.0),
                ImagesPerSecond: 2143.75 + epoch % 7, path, sha, at.AddSeconds(37.5 * epoch));
        }
        return events;
    }

    /// <summary>Persists the events, keeping `inFlight` persists outstanding; reports elapsed time and per-event latencies.</summary>
    private sealed class Writer : ReceivePersistentActor
    {
        private sealed record Next;

        private readonly EpochCompleted[] _events;
        private readonly double[] _latencies;
        private readonly TaskCompletionSource<(double, double[])> _done;
        private readonly Stopwatch _clock = new();
        private int _issued;
        private int _completed;

        public Writer(string persistenceId, Mode mode, EpochCompleted[] events, int inFlight, TaskCompletionSource<(double, double[])> done)
        {
            PersistenceId = persistenceId;
            _events = events;
            _latencies = new double[events.Length];
            _done = done;
            Command<Next>(_ =>
            {
                if (_issued == _events.Length) return;
                var index = _issued++;
                var start = Stopwatch.GetTimestamp();
                if (mode == Mode.Persist) Persist(_events[index], _ => Completed(index, start));
                else PersistAsync(_events[index], _ => Completed(index, start));
            });
            Recover<EpochCompleted>(_ => { });
            // Timing starts once the (empty) recovery is over, so it covers writes only.
            Recover<RecoveryCompleted>(_ =>
            {
                if (events.Length == 0) done.TrySetResult((0, []));
                _clock.Start();
                for (var i = 0; i < Math.Min(inFlight, events.Length); i++) Self.Tell(new Next());
            });
        }

        public override string PersistenceId { get; }

        private void Completed(int index, long start)
        {
            _latencies[index] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (++_completed == _events.Length) _done.TrySetResult((_clock.Elapsed.TotalSeconds, _latencies));
            else Self.Tell(new Next());
        }

        protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
        {
            _done.TrySetException(new InvalidOperationException($"journal write failed at sequence {sequenceNr}: {cause.Message}", cause));
            base.OnPersistFailure(cause, @event, sequenceNr);
        }

        protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
        {
            _done.TrySetException(new InvalidOperationException($"journal rejected the write at sequence {sequenceNr}: {cause.Message}", cause));
            base.OnPersistRejected(cause, @event, sequenceNr);
        }
    }
}
