using Newtonsoft.Json;

namespace GitActors.Actors.Tests.Journal;

/// <summary>Every event kind survives domain → persisted record → JSON → persisted record → domain unchanged.</summary>
public sealed class SchemaRoundTripTests
{
    /// <summary>SampleEvents.All plus the values it leaves at null or default: limits, RandAugment, a MUNIT job at the paper's networks, NaN.</summary>
    private static readonly IReadOnlyDictionary<string, ISweepEvent> Events = SampleEvents.All()
        .Concat(Variants())
        .Select((evt, i) => (Key: $"{EventManifests.Of(evt.GetType())} #{i}", evt))
        .ToDictionary(pair => pair.Key, pair => pair.evt);

    private static IEnumerable<ISweepEvent> Variants()
    {
        var at = SampleEvents.At;
        var limited = SampleEvents.Config(9) with
        {
            Data = new DataSpec("cifar10-lt", Ordering: 1, TrainLimit: 500, TestLimit: 100),
            Augment = new AugmentSpec(AugmentKind.RandAugment, RandAugmentOps: 2, RandAugmentMagnitude: 14),
            Schedule = ScheduleSpec.Cifar with { Policy = LrPolicy.Cosine },
        };
        var munit = RunConfig.ForMunitJob(limited.Data, 3,
            new MunitJobSpec(100, 10, new MunitHyperParameters(), Translation: MunitTranslation.SameGenerator, BatchSize: 4));
        yield return new SweepStarted("s", "variants", "", "", [new PlannedRun("a", "a", limited), new PlannedRun("m", "m", munit)], at);
        yield return new EpochCompleted("s", "a", 1, 1, 1, double.NaN, 0.1, double.NaN, 0, "", "", at);
        yield return new RunCompleted("s", "a", 1, 1, SampleEvents.Result() with { Ekld = [], TrainClassCounts = [] }, at);
        yield return new RunRetryRequested("s", "a", 0, null, at);
        yield return new GeneratorRecorded("s", "m", limited.Data, "g", "sha", at);
    }

    public static TheoryData<string> Keys() => new(Events.Keys);

    [Fact]
    public void Every_manifest_is_covered() =>
        Assert.Equal(EventManifests.All.Values.Order(), Events.Values.Select(e => EventManifests.Of(e.GetType())).Distinct().Order());

    [Theory]
    [MemberData(nameof(Keys))]
    public void Round_trips_through_its_persisted_record(string key)
    {
        var evt = Events[key];
        var form = EventManifests.FormOf(evt.GetType());

        var persisted = form.ToPersisted(evt);
        Assert.IsType(form.Persisted, persisted);
        var read = JsonConvert.DeserializeObject(EventJson.ToJson(persisted), form.Persisted, EventJson.Settings);
        Structural.AssertEqual(persisted, read);
        Structural.AssertEqual(evt, form.ToDomain(read!));
    }
}
