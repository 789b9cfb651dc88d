using GitActors.Host.Munit;
using GitActors.Models.Data.Readers;
using GitActors.Models.Storage;
using GitActors.Models.Torch;
using GitActors.Models.Training.Munit;

namespace GitActors.Host.Commands;

/// <summary>
/// `gitactors munit train | sample | evaluate`: the learned nuisance model T~ for one data set variant and ordering,
/// trained in this process; its Figure-2 style sample grid; its content-kept and nuisance-learned figures.
/// </summary>
internal static class MunitCommand
{
    public static Command Create()
    {
        var command = new Command("munit", "Train and sample MUNIT, the learned nuisance model T~(.|x) of GIT");
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Sample());
        command.Subcommands.Add(Evaluate());
        return command;
    }

    /// <summary>Which trained networks make T~ (a trainer checkpoint is composed into it; a generator file already is one).</summary>
    private static Option<string?> TranslationOption(string? defaultName) => new("--translation")
    {
        Description = $"{MunitTranslationNames.AToB}: the paper's G_A->B (gen_a's content encoder, gen_b's decoder); " +
                      $"{MunitTranslationNames.SameGenerator}: the reference code's gen_a alone",
        DefaultValueFactory = _ => defaultName,
    };

    private static MunitTranslation? ParseTranslation(string? name) => name is null ? null : MunitTranslationNames.Parse(name);

    private static Command Sample()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A generator file (generator.munit) or a trainer checkpoint (checkpoint.munit)", Required = true };
        var translation = TranslationOption(null);
        var dataset = new Option<string>("--dataset") { DefaultValueFactory = _ => "fmnist-bg-lt" };
        var ordering = new Option<int>("--ordering") { DefaultValueFactory = _ => 0 };
        var dataFormat = new Option<string?>("--data-format");
        var dataPath = new Option<string?>("--data-path");
        var output = new Option<string>("--out") { DefaultValueFactory = _ => "grid.png" };
        var styles = new Option<int>("--styles") { Description = "Style samples per row", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var command = new Command("sample", "Sample grid as the paper's Figure 2: one input per class from the largest class to the smallest, then one column per style");
        foreach (var option in new Option[] { checkpoint, translation, dataset, ordering, dataFormat, dataPath, output, styles, seed }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var count = parse.GetValue(styles);
            if (count < 1) throw new ArgumentException("--styles must be at least 1");
            var data = DatasetCatalog.Load(new DataSpec(parse.GetValue(dataset)!, parse.GetValue(ordering), parse.GetValue(dataFormat), parse.GetValue(dataPath)));
            using var sampler = MunitSampler.Load(parse.GetValue(checkpoint)!, translation: ParseTranslation(parse.GetValue(translation)));
            var tiles = MunitSampleGrid.Tiles(sampler, data, count, parse.GetValue(seed));
            var path = parse.GetValue(output)!;
            MunitSampleGrid.WritePng(tiles, data.Shape, path);
            var (width, height) = MunitSampleGrid.Size(data.Shape, tiles.Length, count + 1);
            Console.WriteLine($"{path}: {tiles.Length} rows x {count + 1} columns ({width}x{height} px)");
            return 0;
        });
        return command;
    }

    private static Command Evaluate()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A generator file (generator.munit) or a trainer checkpoint (checkpoint.munit)", Required = true };
        var translation = TranslationOption(null);
        var dataset = new Option<string>("--dataset") { DefaultValueFactory = _ => "fmnist-bg-lt" };
        var ordering = new Option<int>("--ordering") { DefaultValueFactory = _ => 0 };
        var epochs = new Option<int>("--classifier-epochs") { DefaultValueFactory = _ => 2 };
        var contentImages = new Option<int>("--content-images") { Description = "Test images for content kept", DefaultValueFactory = _ => 2000 };
        var contentStyles = new Option<int>("--content-styles") { Description = "Style samples per image for content kept", DefaultValueFactory = _ => 1 };
        var nuisanceImages = new Option<int>("--nuisance-images") { Description = "Test images for the nuisance spread", DefaultValueFactory = _ => 200 };
        var nuisanceStyles = new Option<int>("--nuisance-styles") { Description = "Styles (and true draws) per image for the nuisance spread", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var judgeCache = new Option<string?>("--judge-cache") { Description = "Folder that keeps the judge's weights, so evaluating several checkpoints trains it once" };
        var threads = new Option<int?>("--threads");
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "auto" };
        var json = new Option<bool>("--json");
        var command = new Command("evaluate", "Content kept (a balanced-data judge labels T~(x) as x), relative to the true transform T(x), and the nuisance spread under T~ and under T");
        foreach (var option in new Option[] { checkpoint, translation, dataset, ordering, epochs, contentImages, contentStyles, nuisanceImages, nuisanceStyles, seed, judgeCache, threads, device, json })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var kernels = TorchRuntime.PrepareCpu(parse.GetValue(threads));
            var asJson = parse.GetValue(json);
            var name = parse.GetValue(dataset)!;
            var recipe = DatasetRegistry.Recipe(name);
            if (recipe.DefaultPath is null) throw new ArgumentException($"munit evaluate needs a built-in dataset with its source files; {name} has none");
            var data = DatasetCatalog.Load(new DataSpec(name, parse.GetValue(ordering)));
            var source = DatasetReader.ReadTrain(recipe.Format.ToString().ToLowerInvariant(), recipe.DefaultPath);
            var target = TorchRuntime.Device(parse.GetValue(device)!);
            using var sampler = MunitSampler.Load(parse.GetValue(checkpoint)!, target, ParseTranslation(parse.GetValue(translation)));
            var options = new MunitEvaluation.Options(parse.GetValue(epochs), parse.GetValue(contentImages), parse.GetValue(contentStyles),
                parse.GetValue(nuisanceImages), parse.GetValue(nuisanceStyles), parse.GetValue(seed),
                JudgeCache: parse.GetValue(judgeCache));
            var result = MunitEvaluation.Run(sampler, data, source, options, target, asJson ? null : Console.WriteLine);
            if (asJson) { JsonOutput.Write(result); return 0; }
            Console.WriteLine(kernels.Describe());
            Console.WriteLine($"translator:       {result.Translation}");
            Console.WriteLine($"content kept:     {result.ContentKept:P1} of {result.ContentImages} test images x {result.ContentStyles} style(s); " +
                              $"judge on x {result.ClassifierTestAccuracy:P1}, on T(x) {result.TrueTransformAccuracy:P1}");
            Console.WriteLine($"relative:         {result.RelativeContentKept:F3} (content kept / judge on T(x); target >= 0.90)");
            Console.WriteLine($"reconstruction:   {result.ReconstructionKept:P1} of x decoded with its own style are labelled as x");
            Console.WriteLine("per class (label: on x, on T(x), on T~(x), relative): " +
                              string.Join(", ", result.Classes.Select(c => $"{c.Label}: {c.Accuracy:P0} {c.TrueTransformAccuracy:P0} {c.ContentKept:P0} {c.RelativeContentKept:F2}")));
            Console.WriteLine($"nuisance spread:  {result.NuisanceSpread:F2} under T~, {result.TrueNuisanceSpread:F2} under the true T " +
                              $"(std across {result.NuisanceStyles} draws of the {result.NuisanceMeasure}, mean over {result.NuisanceImages} images)");
            Console.WriteLine($"{result.Seconds:F0} s");
            return 0;
        });
        return command;
    }

    private static Command Train()
    {
        var dataset = new Option<string>("--dataset") { DefaultValueFactory = _ => "fmnist-bg-lt" };
        var ordering = new Option<int>("--ordering") { DefaultValueFactory = _ => 0 };
        var dataFormat = new Option<string?>("--data-format");
        var dataPath = new Option<string?>("--data-path");
        var preset = new Option<string>("--preset")
        {
            Description = $"{MunitRecipe.PaperName}: the paper's recipe (batch 1, width 64, no cycle loss, 10,000 iterations for K49-like data); " +
                          $"{MunitRecipe.CpuName}: this project's CPU recipe (docs/munit.md). The options below override single values",
            DefaultValueFactory = _ => MunitRecipe.PaperName,
        };
        var steps = new Option<int?>("--steps") { Description = "Iterations (paper: 10,000 for K49, 140,000 for CIFAR/GTSRB)" };
        var batchSize = new Option<int?>("--batch-size") { Description = "Images per domain in each iteration (paper: 1)" };
        var dim = new Option<int?>("--dim") { Description = "Base width of the generators and discriminators (paper: 64)" };
        var reconX = new Option<double?>("--recon-x-weight") { Description = "Weight of the image reconstruction loss (paper: 10)" };
        var reconCycle = new Option<double?>("--recon-cycle-weight") { Description = "Weight of the cycle reconstruction loss (paper: 0)" };
        var lr = new Option<double?>("--lr") { Description = "Adam's learning rate (paper: 1e-4)" };
        var lrStep = new Option<int?>("--lr-step") { Description = "Multiply the learning rate by --lr-gamma every this many iterations (paper: 100,000)" };
        var lrGamma = new Option<double?>("--lr-gamma") { Description = "The learning rate's factor at every --lr-step (paper: 0.5)" };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Folder for checkpoint.munit and generator.munit", DefaultValueFactory = _ => "gitactors-out/munit" };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Iterations between resumable checkpoints", DefaultValueFactory = _ => 500 };
        var threads = new Option<int?>("--threads");
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "auto" };
        var translation = TranslationOption(MunitTranslationNames.AToB);
        var command = new Command("train", "Train MUNIT on a long-tailed train set (both domains), resuming from --out's checkpoint when present");
        foreach (var option in new Option[] { dataset, ordering, dataFormat, dataPath, preset, steps, batchSize, dim, reconX, reconCycle, lr, lrStep, lrGamma, seed, output, checkpointEvery, threads, device, translation })
            command.Options.Add(option);
        command.SetAction((parse, cancel) =>
        {
            var kernels = TorchRuntime.PrepareCpu(parse.GetValue(threads));
            var data = DatasetCatalog.Load(new DataSpec(parse.GetValue(dataset)!, parse.GetValue(ordering), parse.GetValue(dataFormat), parse.GetValue(dataPath)));
            var folder = Directory.CreateDirectory(parse.GetValue(output)!).FullName;
            var checkpoint = Path.Combine(folder, "checkpoint.munit");
            var generator = Path.Combine(folder, "generator.munit");
            var presetName = parse.GetValue(preset)!;
            var basis = MunitRecipe.TryPreset(presetName)
                        ?? throw new ArgumentException($"--preset '{presetName}' is not a MUNIT recipe; use {string.Join(" or ", MunitRecipe.Names)}");
            var recipe = basis with
            {
                BatchSize = parse.GetValue(batchSize) ?? basis.BatchSize,
                Dim = parse.GetValue(dim) ?? basis.Dim,
                ReconXWeight = parse.GetValue(reconX) ?? basis.ReconXWeight,
                ReconXCycWeight = parse.GetValue(reconCycle) ?? basis.ReconXCycWeight,
                Lr = parse.GetValue(lr) ?? basis.Lr,
                LrStep = parse.GetValue(lrStep) ?? basis.LrStep,
                LrGamma = parse.GetValue(lrGamma) ?? basis.LrGamma,
                Steps = parse.GetValue(steps) ?? basis.Steps ?? 10_000,
            };
            using var job = new MunitJob(data.Train, parse.GetValue(seed), TorchRuntime.Device(parse.GetValue(device)!),
                recipe.TrainerOptions(data.Shape), MunitTranslationNames.Parse(parse.GetValue(translation)!));
            if (File.Exists(checkpoint))
            {
                job.LoadCheckpoint(checkpoint);
                Console.WriteLine($"resumed {checkpoint} at iteration {job.Iteration}");
            }
            var total = recipe.Steps!.Value;
            var hyper = recipe.HyperParameters();
            var every = Math.Max(1, parse.GetValue(checkpointEvery));
            Console.WriteLine($"MUNIT on {data.Name} ordering {parse.GetValue(ordering)}: {data.Train.Count} images {data.Shape}, {total} iterations, " +
                              $"batch {recipe.BatchSize}, width {recipe.Dim}, recon-x {recipe.ReconXWeight}, recon-cycle {recipe.ReconXCycWeight}, lr {hyper.Lr} (x{hyper.LrGamma} every {hyper.LrStepSize}), {torch.get_num_threads()} threads");
            Console.WriteLine(kernels.Describe());
            var clock = Stopwatch.StartNew();
            var startIteration = job.Iteration;
            var lastLine = TimeSpan.Zero;
            while (job.Iteration < total)
            {
                cancel.ThrowIfCancellationRequested();
                var losses = job.Step();
                var done = job.Iteration - startIteration;
                if (clock.Elapsed - lastLine > TimeSpan.FromSeconds(15) || job.Iteration == total)
                {
                    lastLine = clock.Elapsed;
                    var rate = done / clock.Elapsed.TotalSeconds;
                    Console.WriteLine($"iteration {job.Iteration}/{total}  {rate:F2} it/s  ETA {TimeSpan.FromSeconds((total - job.Iteration) / Math.Max(rate, 1e-9)):hh\\:mm\\:ss}  " +
                                      $"D {losses.DisTotal:F3}  G {losses.GenTotal:F3}  recon_x {(losses.ReconXA + losses.ReconXB) / 2:F3}");
                }
                if (job.Iteration % every == 0 || job.Iteration == total) AtomicFile.Write(checkpoint, job.SaveCheckpoint);
            }
            AtomicFile.Write(generator, job.SaveGenerator);
            Console.WriteLine($"generator: {generator}");
            return Task.FromResult(0);
        });
        return command;
    }
}
