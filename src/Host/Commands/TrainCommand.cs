using GitActors.Models.Torch;
using GitActors.Models.Training;

namespace GitActors.Host.Commands;

/// <summary>`gitactors train`: one classifier run in this process, with progress and the paper's metrics.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "fmnist-{rot,bg,dil}-lt[-tonly] (built in), k49-bg-lt, cifar10-lt, gtsrb-lt, ... (all: gitactors data list)", DefaultValueFactory = _ => "fmnist-bg-lt" };
        var ordering = new Option<int>("--ordering") { Description = "Class ordering index (which class is largest, ...)", DefaultValueFactory = _ => 0 };
        var dataFormat = new Option<string?>("--data-format") { Description = "idx | npz | cifar | gtsrb, for user data" };
        var dataPath = new Option<string?>("--data-path") { Description = "Folder holding the user data set" };
        var model = new Option<string>("--model") { Description = "simplecnn | resnet20 | resnet32", DefaultValueFactory = _ => "resnet20" };
        var loss = new Option<string>("--loss") { Description = "ce | focal | ldam", DefaultValueFactory = _ => "ce" };
        var rule = new Option<string>("--rule") { Description = "none | rs | cbrs | cbrw | drw | drs", DefaultValueFactory = _ => "none" };
        var augment = new Option<string>("--augment") { Description = "none | oracle", DefaultValueFactory = _ => "none" };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs (default: the paper's; shorter runs keep the schedule's shape)" };
        var batchSize = new Option<int>("--batch-size") { DefaultValueFactory = _ => 128 };
        var lr = new Option<double>("--lr") { Description = "Base learning rate", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var ekldImages = new Option<int>("--ekld-images") { Description = "Held-out images per class for eKLD", DefaultValueFactory = _ => 40 };
        var ekldTransforms = new Option<int>("--ekld-transforms") { Description = "Sampled transforms per image for eKLD", DefaultValueFactory = _ => 100 };
        var threads = new Option<int?>("--threads") { Description = "Torch CPU threads (default: all cores)" };
        var device = new Option<string>("--device") { Description = "auto | cpu | cuda:N", DefaultValueFactory = _ => "auto" };
        var json = new Option<bool>("--json") { Description = "Write the full result as JSON to stdout (progress goes to stderr)" };

        var command = new Command("train", "Train one classifier in this process and report balanced accuracy, per-class accuracy and eKLD");
        foreach (var option in new Option[] { dataset, ordering, dataFormat, dataPath, model, loss, rule, augment, epochs, batchSize, lr, seed, ekldImages, ekldTransforms, threads, device, json })
            command.Options.Add(option);

        command.SetAction(parse =>
        {
            var datasetName = parse.GetValue(dataset)!;
            var schedule = Schedule(datasetName, parse.GetValue(batchSize), parse.GetValue(lr), parse.GetValue(epochs));
            var config = new RunConfig(
                new DataSpec(datasetName, parse.GetValue(ordering), parse.GetValue(dataFormat), parse.GetValue(dataPath)),
                ConfigNames.ParseModel(parse.GetValue(model)!),
                new LossSpec(ConfigNames.ParseLoss(parse.GetValue(loss)!)),
                ConfigNames.ParseRule(parse.GetValue(rule)!),
                new AugmentSpec(ConfigNames.ParseAugment(parse.GetValue(augment)!)),
                schedule,
                new EvalSpec(parse.GetValue(ekldImages), parse.GetValue(ekldTransforms)),
                parse.GetValue(seed));
            if (config.Augment.Kind == AugmentKind.Git)
                throw new ArgumentException("GIT needs a trained MUNIT generator: run it as part of a sweep (gitactors sweep run)");
            var kernels = TorchRuntime.PrepareCpu(parse.GetValue(threads));

            var asJson = parse.GetValue(json);
            var console = new RunConsole(asJson);
            var data = DatasetCatalog.Load(config.Data);
            console.Describe(config, data, TorchRuntime.Device(parse.GetValue(device)!), kernels);
            var result = console.WithProgress(config, (onProgress, onEpoch) =>
                ClassifierTraining.Run(config, data, TorchRuntime.Device(parse.GetValue(device)!), onProgress, onEpoch));
            console.Report(config, result);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The run's schedule from its dataset's family: the first use of the name, so a name without a recipe fails here
    /// (the registry's message) before any data is read, just as a sweep file naming it fails to parse.
    /// </summary>
    internal static ScheduleSpec Schedule(string dataset, int batchSize, double lr, int? epochs)
    {
        var schedule = DatasetRegistry.Recipe(dataset).Family.Schedule() with { BatchSize = batchSize, BaseLr = lr };
        return epochs is { } e ? ScheduleDefaults.WithEpochs(schedule, e) : schedule;
    }
}
