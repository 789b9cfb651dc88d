using GitActors.Actors.Sweeps;
using Spectre.Console;

namespace GitActors.Host.Output;

/// <summary>
/// Live progress of a running sweep, one row per trainer (run, progress bar, epoch, step, images/s, ETA) under the
/// sweep's counts. On a terminal a Spectre live table redrawn in place at most 4 times a second; otherwise plain lines: one whenever a trainer starts a new epoch or the
/// run counts change, and the whole picture every 10 seconds. Reports arrive on actor threads; only the latest is kept.
/// </summary>
internal sealed class SweepProgressDisplay(IAnsiConsole console, bool terminal)
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PlainHeartbeat = TimeSpan.FromSeconds(10);

    private SweepProgress? _latest;

    public async Task<SweepStatus> ShowAsync(Func<IProgress<SweepProgress>, Task<SweepStatus>> run)
    {
        var sweep = run(new LatestOnly(this));
        if (terminal) await LiveAsync(sweep);
        else await PlainAsync(sweep);
        return await sweep;
    }

    private SweepProgress? Latest => Volatile.Read(ref _latest);

    private async Task LiveAsync(Task sweep)
    {
        var table = new Table().AddColumns(new TableColumn("trainer"), new TableColumn("run"), new TableColumn("progress").NoWrap(),
            new TableColumn("epoch").NoWrap(), new TableColumn("step").NoWrap(), new TableColumn("images/s"), new TableColumn("ETA").NoWrap());
        await console.Live(table).AutoClear(false).StartAsync(async context =>
        {
            while (!sweep.IsCompleted)
            {
                if (Latest is { } p)
                {
                    table.Rows.Clear();
                    foreach (var t in p.Trainers)
                        table.AddRow(Markup.Escape(t.Device), Markup.Escape(t.Label), Bar(t), $"{t.Epoch}/{t.TotalEpochs}", $"{t.Step}/{t.StepsPerEpoch}",
                            $"{t.ImagesPerSecond:F0}", Eta(t.Eta));
                    table.Caption = new TableTitle(Counts(p));
                    context.Refresh();
                }
                await Task.WhenAny(sweep, Task.Delay(Refresh));
            }
        });
    }

    private async Task PlainAsync(Task sweep)
    {
        var epochs = new Dictionary<string, (string RunId, int Epoch)>();
        var counts = "";
        var lastHeartbeat = DateTime.UtcNow;
        while (!sweep.IsCompleted)
        {
            await Task.WhenAny(sweep, Task.Delay(Refresh));
            if (Latest is not { Total: > 0 } p) continue;
            var heartbeat = DateTime.UtcNow - lastHeartbeat >= PlainHeartbeat;
            foreach (var t in p.Trainers)
            {
                var key = (t.RunId, t.Epoch);
                if (!heartbeat && epochs.TryGetValue(t.Device, out var seen) && seen == key) continue;
                epochs[t.Device] = key;
                console.WriteLine($"[{t.Device}] {t.Label} attempt {t.Attempt}: epoch {t.Epoch}/{t.TotalEpochs} step {t.Step}/{t.StepsPerEpoch}  " +
                                  $"{t.ImagesPerSecond:F0} img/s  ETA {Eta(t.Eta)}");
            }
            var now = Counts(p);
            if (heartbeat || now != counts) console.WriteLine(now);
            counts = now;
            if (heartbeat) lastHeartbeat = DateTime.UtcNow;
        }
    }

    /// <summary>The run's share done as a 12-cell bar and a percentage (epochs before this one, plus this one's steps).</summary>
    internal static string Bar(TrainerProgress t)
    {
        const int cells = 12;
        var total = (double)Math.Max(1, t.TotalEpochs) * Math.Max(1, t.StepsPerEpoch);
        var fraction = Math.Clamp((Math.Max(0, t.Epoch - 1) * (double)Math.Max(1, t.StepsPerEpoch) + t.Step) / total, 0, 1);
        var full = (int)Math.Round(fraction * cells);
        return $"[green]{new string('━', full)}[/][grey]{new string('━', cells - full)}[/] {fraction * 100,3:F0}%";
    }

    private static string Counts(SweepProgress p) =>
        $"{p.Completed} completed, {p.Failed} failed, {p.Running} running, {p.Queued} queued of {p.Total} runs";

    private static string Eta(TimeSpan? eta) => eta is { } e ? e.ToString(@"hh\:mm\:ss") : "-";

    /// <summary>Reports straight from the actor thread (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    private sealed class LatestOnly(SweepProgressDisplay display) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => Volatile.Write(ref display._latest, value);
    }
}
