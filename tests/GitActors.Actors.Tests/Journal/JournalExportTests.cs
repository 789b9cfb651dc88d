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
        Assert.Equal("run_id,label,dataset,ordering,model,method,seed,state,epochs,balanced_accuracy,top1,top5,mean_ekld," +
                     "kind,iterations,train_loss,artifact_sha256", lines[0]);
        // mean eKLD: bg classes (0.25 + 0.5 + 1.5) / 3 = 0.75, rot (1 + 2 + 3) / 3 = 2, mean 1.375
        Assert.Equal("a,k49-bg-lt/o3/resnet20/ldam+drs+git/s7,k49-bg-lt,3,resnet20,ldam+drs+git,7,completed,12,0.5123456789012345,0.61,0.93,1.375," +
                     "classifier,,,", lines[1]);
        Assert.Equal("b,\"label, with \"\"comma\"\"\",k49-bg-lt,3,resnet20,ldam+drs+git,8,pending,0,,,,,classifier,,,", lines[2]);
    }

    [Fact]
    public void A_MUNIT_job_is_listed_with_its_iterations_loss_and_generator_not_as_a_classifier_with_NaN_metrics()
    {
        var at = SampleEvents.At;
        var job = RunConfig.ForMunitJob(new DataSpec("fmnist-bg-lt"), 1, new MunitJobSpec(3000, 250, new MunitHyperParameters()));
        var placeholder = new RunResult(double.NaN, double.NaN, double.NaN, [], [], [], 12, 60);
        var sweep = SweepProjection.Fold("s", [
            new SweepStarted("s", "demo", "f.conf", "", [new PlannedRun("m", "fmnist-bg-lt/o0/munit/s1", job)], at),
            new RunStarted("s", "m", 1, 1, "n", "cpu", 0, at),
            new EpochCompleted("s", "m", 1, 1, 11, 2.5, 4e-4, double.NaN, 8, "c11", "ab", at),
            new EpochCompleted("s", "m", 1, 1, 12, 2.25, 4e-4, double.NaN, 8, "c12", "cd", at),
            new GeneratorRecorded("s", "m", new DataSpec("fmnist-bg-lt"), "/out/g.munit", "0123456789abcdef", at),
            new RunCompleted("s", "m", 1, 1, placeholder, at),
        ]);

        var run = sweep.RunsById["m"];
        Assert.Equal((RunKind.MunitJob, RunState.Completed, 3000, 2.25), (run.Kind, run.State, run.JobIterations, run.LastTrainLoss));
        Assert.Equal(("/out/g.munit", "0123456789abcdef"), (run.ArtifactPath, run.ArtifactSha256));
        Assert.Null(run.Result);
        Assert.Null(run.BestBalancedAccuracy);
        var row = JournalExport.ToCsv(sweep).Split('\n', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.Equal("m,fmnist-bg-lt/o0/munit/s1,fmnist-bg-lt,0,,,1,completed,12,,,,,munit job,3000,2.25,0123456789abcdef", row);
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
