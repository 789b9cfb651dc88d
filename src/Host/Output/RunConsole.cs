using GitActors.Models.Torch;
using GitActors.Models.Training;
using Spectre.Console;

namespace GitActors.Host.Output;

/// <summary>
/// What `train` shows: a live bar (epoch, step, images/s, ETA) on a terminal, one line per epoch otherwise,
/// then the results table by training class size. With --json all of that goes to stderr and stdout gets the result.
/// </summary>
internal sealed class RunConsole(bool json)
{
    private readonly IAnsiConsole _console = json
        ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) })
        : AnsiConsole.Console;

    public void Describe(RunConfig config, DatasetBundle data, torch.Device device, ConvolutionKernelChoice kernels)
    {
        var s = config.Schedule;
        _console.MarkupLine($"[bold]{Markup.Escape(data.Name)}[/] ordering {config.Data.Ordering}: {data.Train.Count} train images in {data.Train.ClassCount} classes " +
                            $"(largest {data.TrainClassCounts.Max()}, smallest {data.TrainClassCounts.Min()}), {data.Test.Count} test images");
        _console.MarkupLine($"{ConfigNames.Name(config.Model)}, {ConfigNames.MethodName(config.Loss.Kind, config.Rule, config.Augment.Kind)}, seed {config.Seed}, " +
                            $"{s.Epochs} epochs (warm-up {s.WarmupEpochs}, decay after {s.Stage1Epoch} and {s.Stage2Epoch}), batch {s.BatchSize}, lr {s.BaseLr} on {device} x {torch.get_num_threads()} threads");
        _console.MarkupLine(Markup.Escape(kernels.Describe()));
    }

    public RunResult WithProgress(RunConfig config, Func<Action<TrainingProgress>, Action<EpochSummary>, RunResult> run)
    {
        void PrintEpoch(EpochSummary e) => _console.MarkupLine(
            $"epoch {e.Epoch,3}/{config.Schedule.Epochs}  loss {e.TrainLoss:F4}  lr {e.Lr:G3}  balanced acc {e.BalancedAccuracy:P2}  {e.ImagesPerSecond:F0} img/s");

        if (!_console.Profile.Capabilities.Interactive)
        {
            var lastLine = DateTime.MinValue;
            return run(p =>
            {
                if (DateTime.UtcNow - lastLine < TimeSpan.FromSeconds(10)) return;
                lastLine = DateTime.UtcNow;
                _console.MarkupLine($"  epoch {p.Epoch} step {p.Step + 1}/{p.StepsPerEpoch}  {p.ImagesPerSecond:F0} img/s  ETA {p.Eta:hh\\:mm\\:ss}");
            }, PrintEpoch);
        }

        RunResult? result = null;
        _console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: 1.0);
                result = run(p =>
                {
                    task.Description = $"epoch {p.Epoch}/{p.TotalEpochs} step {p.Step + 1}/{p.StepsPerEpoch} {p.ImagesPerSecond:F0} img/s ETA {p.Eta:hh\\:mm\\:ss}";
                    task.Value = p.Fraction;
                }, PrintEpoch);
                task.Value = 1.0;
            });
        return result!;
    }

    public void Report(RunConfig config, RunResult result)
    {
        if (json)
        {
            JsonOutput.Write(new { config, result });
            return;
        }
        _console.MarkupLine($"[bold]balanced accuracy {result.BalancedAccuracy:P2}[/]  top-1 {result.Top1:P2}  top-5 {result.Top5:P2}  ({result.TrainSeconds:F0} s)");
        var perClass = PerClassTable.Of(result);
        var table = new Table().AddColumns(perClass.Header.Select(Markup.Escape).ToArray());
        foreach (var row in perClass.Rows) table.AddRow(row.Select(Markup.Escape).ToArray());
        _console.Write(table);
    }
}
