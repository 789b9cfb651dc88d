using GitActors.Models.Data;
using GitActors.Models.Data.LongTail;
using GitActors.Models.Data.Readers;
using Newtonsoft.Json;
using Spectre.Console;

namespace GitActors.Host.Commands;

/// <summary>
/// `gitactors data list|inspect|lt`: the dataset names every verb accepts, and a look at dataset files and long-tail
/// profiles before spending a sweep on them.
/// </summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "List the dataset names, inspect dataset files and long-tail class-size profiles");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Inspect());
        command.Subcommands.Add(LongTail());
        return command;
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "machine-readable output" };
        var command = new Command("list", "The dataset names train, munit and sweep files accept (one registry), with family, format and whether the files ship built in");
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var rows = DatasetRegistry.Names.Select(DatasetRegistry.Recipe)
                .Select(r => new DatasetRow(r.Name, r.Family.ToString(), r.Format.ToString().ToLowerInvariant(), r.ClassCount, r.BuiltIn, r.TransformationOnly))
                .ToArray();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonConvert.SerializeObject(rows, Formatting.Indented));
                return 0;
            }
            var table = new Table().AddColumn("name").AddColumn("family").AddColumn("format")
                .AddColumn(new TableColumn("classes").RightAligned()).AddColumn("files");
            foreach (var row in rows)
                table.AddRow(row.Name, row.Family, row.Format, row.Classes.ToString(), row.BuiltIn ? "built in" : "your path");
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Inspect()
    {
        var format = new Option<string>("--format") { Description = "idx | npz | cifar | gtsrb", Required = true };
        var path = new Option<string>("--path") { Description = "the dataset folder (see DatasetReader for each format's layout)", Required = true };
        var testPath = new Option<string?>("--test-path") { Description = "GTSRB only: the Final_Test/Images folder" };
        var json = new Option<bool>("--json") { Description = "machine-readable output" };
        var command = new Command("inspect", "Image count, shape and per-class counts of a dataset's train and test splits");
        foreach (var option in new Option[] { format, path, testPath, json }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var splits = DatasetReader.Read(parse.GetValue(format)!, parse.GetValue(path)!, parse.GetValue(testPath));
            var summaries = new[] { Summary("train", splits.Train), splits.Test is null ? null : Summary("test", splits.Test) }
                .OfType<SplitSummary>().ToArray();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonConvert.SerializeObject(summaries, Formatting.Indented));
                return 0;
            }
            foreach (var split in summaries)
            {
                AnsiConsole.MarkupLine($"[bold]{split.Split}[/]: {split.Count} images of {split.Shape}, {split.Classes} classes");
                var table = new Table().AddColumn("class").AddColumn(new TableColumn("images").RightAligned());
                for (var c = 0; c < split.ClassCounts.Length; c++) table.AddRow(c.ToString(), split.ClassCounts[c].ToString());
                AnsiConsole.Write(table);
            }
            return 0;
        });
        return command;
    }

    private static Command LongTail()
    {
        var profile = new Option<string>("--profile") { Description = "zipf | exp", Required = true };
        var classes = new Option<int>("--classes") { Description = "number of classes C", Required = true };
        var max = new Option<int>("--max") { Description = "n_max, the largest class", Required = true };
        var alpha = new Option<double>("--alpha") { Description = "Zipf exponent", DefaultValueFactory = _ => 2.0 };
        var min = new Option<int>("--min") { Description = "Zipf n_min", DefaultValueFactory = _ => 5 };
        var imbalance = new Option<double>("--imbalance") { Description = "exp: n_max / n_min", DefaultValueFactory = _ => 100.0 };
        var json = new Option<bool>("--json") { Description = "machine-readable output" };
        var command = new Command("lt", "Class sizes by rank for a Zipf or exponential long-tail profile");
        foreach (var option in new Option[] { profile, classes, max, alpha, min, imbalance, json }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var spec = parse.GetValue(profile)!.Trim().ToLowerInvariant() switch
            {
                "zipf" => LongTailProfile.Zipf(parse.GetValue(max), parse.GetValue(alpha), parse.GetValue(min)),
                "exp" => LongTailProfile.Exponential(parse.GetValue(max), parse.GetValue(imbalance)),
                var other => throw new ArgumentException($"unknown profile '{other}'; expected zipf or exp"),
            };
            var sizes = spec.Sizes(parse.GetValue(classes));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonConvert.SerializeObject(new { sizes, total = sizes.Sum() }, Formatting.Indented));
                return 0;
            }
            var table = new Table().AddColumn("rank").AddColumn(new TableColumn("images").RightAligned());
            for (var r = 0; r < sizes.Length; r++) table.AddRow((r + 1).ToString(), sizes[r].ToString());
            table.AddRow("[bold]total[/]", $"[bold]{sizes.Sum()}[/]");
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static SplitSummary Summary(string split, ImageSet set) =>
        new(split, set.Count, set.Shape.ToString(), set.ClassCount, set.ClassCounts());

    private sealed record DatasetRow(string Name, string Family, string Format, int Classes, bool BuiltIn, bool TransformationOnly);

    private sealed record SplitSummary(string Split, int Count, string Shape, int Classes, int[] ClassCounts);
}
