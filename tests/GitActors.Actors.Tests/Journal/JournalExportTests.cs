using GitActors.Models.Training;
using GitActors.Actors.Journal;
using GitActors.Actors.Tests.Support;
using GitActors.Models.Experiments.Events;
using GitActors.Models.Experiments.Reports;

namespace GitActors.Actors.Tests.Journal;

public class JournalExportTests
{
    private static SweepSummary Summary()
    {
        var at = SampleEvents.At;
        return SweepProjection.Fold("s", [
            new SweepStarted("s", "demo", "f.conf", "", [
                new PlannedRun("a", "k49-bg-lt/o3/resnet20/ldam+drs+git/s7", SampleEvents.Config(7)),
                new PlannedRun("b", "label, with \"comma\"", SampleEvents.Config(8))], at),
            new RunStarted("s", "a", 1, 1, "n", "cpu", 1, at),
            new RunCompleted("s", "a", 1, 1, SampleEvents.Result(), at),
        ]);
    }

    [Fact]
    public void Csv_has_one_row_per_run_with_the_results()
    {
        var lines = JournalExport.ToCsv(Summary()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, lines.Length);
        Assert.Equal("run_id,label,dataset,ordering,model,method,seed,state,epochs,balanced_accuracy,top1,top5,mean_ekld", lines[0]);
        // mean eKLD: bg classes (0.25 + 0.5 + 1.5) / 3 = 0.75, rot (1 + 2 + 3) / 3 = 2, mean 1.375
        Assert.Equal("a,k49-bg-lt/o3/resnet20/ldam+drs+git/s7,k49-bg-lt,3,resnet20,ldam+drs+git,7,completed,12,0.5123456789012345,0.61,0.93,1.375", lines[1]);
        Assert.Equal("b,\"label, with \"\"comma\"\"\",k49-bg-lt,3,resnet20,ldam+drs+git,8,pending,0,,,,", lines[2]);
    }

    [Fact]
    public void Mean_eKLD_is_under_the_true_nuisance_whether_or_not_the_run_also_measured_the_learned_one()
    {
        var trueOnly = SampleEvents.Result() with { Ekld = [new EkldReport("dil", [0.2, 0.4], [1, 1], 4, 5)] };
        var both = trueOnly with { Ekld = [.. trueOnly.Ekld, new EkldReport(ClassifierEvaluation.LearnedTransformName, [3.0, 5.0], [1, 1], 4, 5)] };
        var learnedOnly = trueOnly with { Ekld = [new EkldReport(ClassifierEvaluation.LearnedTransformName, [3.0, 5.0], [1, 1], 4, 5)] };

        Assert.Equal(0.3, RunEkld.Mean(trueOnly)!.Value, 12);
        Assert.Equal(0.3, RunEkld.Mean(both)!.Value, 12);
        // Data without a true nuisance (CIFAR, GTSRB) is measured under T~ alone: (3 + 5) / 2.
        Assert.Equal(4.0, RunEkld.Mean(learnedOnly)!.Value, 12);
        Assert.Null(RunEkld.Mean(trueOnly with { Ekld = [] }));
    }

    [Fact]
    public void Json_export_holds_configs_and_full_results_without_type_names()
    {
        var json = Newtonsoft.Json.Linq.JObject.Parse(JournalExport.ToJson(Summary()));

        Assert.Equal("demo", (string?)json["Name"]);
        var runs = (Newtonsoft.Json.Linq.JArray)json["Runs"]!;
        Assert.Equal(2, runs.Count);
        Assert.Equal("Completed", (string?)runs[0]["State"]);
        Assert.Equal(1.0 / 3.0, (double)runs[0]["Result"]!["PerClassAccuracy"]![2]!);
        Assert.Equal("Ldam", (string?)runs[0]["Config"]!["Loss"]!["Kind"]);
        Assert.DoesNotContain("$type", json.ToString());
    }
}
