using GitActors.Host.Bench;
using GitActors.Models.Torch;
using GitActors.Models.Training.Munit;
using Spectre.Console;

namespace GitActors.Host.Commands.Bench;

/// <summary>
/// `gitactors bench augment`: what GIT costs. Side by side in one invocation: the same run as ce+drs and as ce+drs+git
/// through the engine (wall time each, and their ratio; with --bank-styles the GIT run reads an augmentation bank, whose
/// generation time is shown apart and amortised over --amortise-over GIT runs); then the augmenter pool's images/s
/// against what a GIT trainer consumes with p = 0.5 (simplecnn and resnet20), both with a generator of the chosen MUNIT
/// recipe's width.
/// </summary>
internal static class AugmentBenchCommand
{
    public static Command Create()
    {
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => Environment.ProcessorCount };
        var poolSize = new Option<int>("--pool-size") { DefaultValueFactory = _ => 1 };
        var inFlight = new Option<int>("--in-flight") { Description = "Requests one requester may have at the pool", DefaultValueFactory = _ => 2 };
        var fraction = new Option<double>("--fraction") { Description = "GIT's p: rows per batch sent to the pool", DefaultValueFactory = _ => 0.5 };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 128 };
        var requests = new Option<int>("--requests") { DefaultValueFactory = _ => 6 };
        var steps = new Option<int>("--steps") { Description = "Timed classifier steps", DefaultValueFactory = _ => 20 };
        var preset = new Option<string>("--munit-preset") { Description = $"The generator's recipe: {string.Join(" | ", MunitRecipe.Names)}", DefaultValueFactory = _ => MunitRecipe.PaperName };
        var runs = new Option<bool>("--runs") { Description = "Also train the same run as ce+drs and as ce+drs+git through the engine and compare their wall time" };
        var dataset = new Option<string>("--dataset") { DefaultValueFactory = _ => "fmnist-dil-lt" };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup-epochs") { DefaultValueFactory = _ => 5 };
        var stage1 = new Option<int>("--stage1") { Description = "DRS resamples after this epoch", DefaultValueFactory = _ => 6 };
        var stage2 = new Option<int>("--stage2") { DefaultValueFactory = _ => 8 };
        var startDelay = new Option<int>("--start-delay") { Description = "git.start-delay: 0 = GIT in every epoch (the paper), 1 = from the epoch after stage1 (the reference code)", DefaultValueFactory = _ => 0 };
        var trainLimit = new Option<int?>("--train-limit");
        var bankStyles = new Option<int>("--bank-styles") { Description = "git.bank-styles for --runs: 0 = fresh styles from the pool (the paper), S > 0 = an augmentation bank of at most S samples per image", DefaultValueFactory = _ => 0 };
        var amortiseOver = new Option<int>("--amortise-over") { Description = "GIT runs that share one bank in the sweep being sized (paper-fmnist: 2 losses x 3 seeds)", DefaultValueFactory = _ => 6 };
        var json = new Option<bool>("--json");
        var command = new Command("augment", "What GIT costs: a ce+drs run against the same run with GIT (--runs), and the augmenter pool's images/s against a GIT trainer's need");
        foreach (var option in new Option[] { threads, poolSize, inFlight, fraction, batch, requests, steps, preset, runs, dataset, epochs, warmup, stage1, stage2, startDelay, trainLimit, bankStyles, amortiseOver, json })
            command.Options.Add(option);
        command.SetAction(async (parse, cancel) =>
        {
            var (t, b, p) = (parse.GetValue(threads), parse.GetValue(batch), parse.GetValue(fraction));
            var presetName = parse.GetValue(preset)!;
            var recipe = MunitRecipe.TryPreset(presetName)
                         ?? throw new ArgumentException($"--munit-preset '{presetName}' is not a MUNIT recipe; use {string.Join(" or ", MunitRecipe.Names)}");
            var (s, sharing) = (parse.GetValue(bankStyles), parse.GetValue(amortiseOver));
            if (s < 0 || sharing < 1) throw new ArgumentException("--bank-styles must be at least 0 and --amortise-over at least 1");
            GitCostBench.Result? cost = null;
            if (parse.GetValue(runs))
            {
                var settings = new GitCostBench.Settings(parse.GetValue(dataset)!, parse.GetValue(epochs), parse.GetValue(stage1), parse.GetValue(stage2),
                    parse.GetValue(warmup), presetName, parse.GetValue(startDelay), parse.GetValue(trainLimit), t, parse.GetValue(poolSize), s);
                Console.Error.WriteLine($"training ce+drs and ce+drs+git{(s > 0 ? $" (bank of {s} styles, made first)" : "")} on {settings.Dataset}, {settings.Epochs} epochs each, one after the other ...");
                cost = await GitCostBench.RunAsync(settings, cancel);
                Console.Error.WriteLine($"ce+drs {cost.PlainSeconds:F1} s, ce+drs+git {cost.GitSeconds:F1} s: {cost.Ratio:F2}x" +
                                        (s > 0 ? $"; bank {cost.BankSeconds:F1} s, amortised over {sharing} GIT runs {cost.AmortisedRatio(sharing):F2}x" : ""));
            }
            Console.Error.WriteLine(TorchRuntime.PrepareCpu(t).Describe());
            var rows = (int)Math.Round(p * b, MidpointRounding.AwayFromZero);
            var folder = Directory.CreateTempSubdirectory("gitactors-bench-").FullName;
            double pool;
            try
            {
                pool = await AugmentBench.ImagesPerSecond(recipe, parse.GetValue(poolSize), parse.GetValue(inFlight), rows, warmup: 1, parse.GetValue(requests), folder);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
            Console.Error.WriteLine($"augmenter pool: {pool:F1} img/s");
            var models = new[] { ModelKind.SimpleCnn, ModelKind.ResNet20 };
            var results = models.Select(m =>
            {
                var train = TrainBench.ImagesPerSecond(m, b, 3, parse.GetValue(steps));
                Console.Error.WriteLine($"{ConfigNames.Name(m)} trainer: {train:F1} img/s");
                return new { model = ConfigNames.Name(m), trainerImagesPerSecond = train, gitImagesNeededPerSecond = p * train, poolImagesPerSecond = pool, poolOverNeed = pool / (p * train) };
            }).ToList();
            var runComparison = cost is null ? null : new
            {
                dataset = parse.GetValue(dataset),
                epochs = parse.GetValue(epochs),
                startDelay = parse.GetValue(startDelay),
                plainSeconds = cost.PlainSeconds,
                gitSeconds = cost.GitSeconds,
                gitOverPlain = cost.Ratio,
                plainImagesPerSecond = cost.PlainImagesPerSecond,
                gitImagesPerSecond = cost.GitImagesPerSecond,
                bankStyles = s,
                bankSeconds = s > 0 ? cost.BankSeconds : (double?)null,
                amortisedOverGitRuns = s > 0 ? sharing : (int?)null,
                gitWithBankShareOverPlain = s > 0 ? cost.AmortisedRatio(sharing) : (double?)null,
            };
            if (parse.GetValue(json))
            {
                JsonOutput.Write(new { threads = t, poolSize = parse.GetValue(poolSize), munitPreset = presetName, fraction = p, batch = b, runs = runComparison, results });
                return 0;
            }
            if (cost is not null)
            {
                var runTable = new Table().AddColumns("run", "wall s", "train img/s");
                runTable.AddRow("ce+drs", $"{cost.PlainSeconds:F1}", $"{cost.PlainImagesPerSecond:F1}");
                runTable.AddRow(s > 0 ? $"ce+drs+git (bank, S = {s})" : "ce+drs+git", $"{cost.GitSeconds:F1}", $"{cost.GitImagesPerSecond:F1}");
                if (s > 0) runTable.AddRow("bank job (once per generator)", $"{cost.BankSeconds:F1}", "-");
                AnsiConsole.Write(runTable);
                AnsiConsole.MarkupLine($"GIT run / plain run: [bold]{cost.Ratio:F2}x[/] wall time ({parse.GetValue(dataset)}, simplecnn, {parse.GetValue(epochs)} epochs, " +
                                       $"git.start-delay = {parse.GetValue(startDelay)}, MUNIT recipe {presetName}; the MUNIT job's own training is not included)");
                if (s > 0)
                    AnsiConsole.MarkupLine($"with the bank's generation shared by {sharing} GIT runs ({cost.BankSeconds:F1} s / {sharing} each): [bold]{cost.AmortisedRatio(sharing):F2}x[/]");
            }
            var table = new Table().AddColumns("model", "trainer img/s", "GIT needs img/s", "pool img/s", "pool / need");
            foreach (var r in results)
                table.AddRow(r.model, $"{r.trainerImagesPerSecond:F1}", $"{r.gitImagesNeededPerSecond:F1}", $"{r.poolImagesPerSecond:F1}", $"{r.poolOverNeed:F2}x");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{t} threads, batch {b}, p = {p}, MUNIT recipe {presetName}: {rows} generated rows per batch; pool measured alone, trainer measured alone (they share the cores in a real run)");
            return 0;
        });
        return command;
    }
}
