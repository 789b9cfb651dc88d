namespace GitActors.Actors.Tests.Journal;

/// <summary>
/// The journal's bytes did not move with the events: PreMoveEvents.tsv holds every sample event as the build before
/// the move to GitActors.Models.Experiments.Events wrote it (a manifest added since: as the build that added it wrote
/// it), and today's build must write the same bytes under the same manifest and read them back as the same event.
/// </summary>
public sealed class PreMoveJournalBytesTests
{
    private static readonly IReadOnlyDictionary<string, string> Written = File
        .ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Journal", "PreMoveEvents.tsv"))
        .Where(line => !line.StartsWith('#'))
        .Select(line => line.Split('\t', 2))
        .ToDictionary(cells => cells[0], cells => cells[1]);

    public static TheoryData<string> Manifests() => new(EventManifests.All.Values);

    [Fact]
    public void Every_manifest_has_its_written_bytes() =>
        Assert.Equal(EventManifests.All.Values.Order(), Written.Keys.Order());

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Todays_build_writes_and_reads_the_same_bytes(string manifest)
    {
        var sample = SampleEvents.All().Single(e => EventManifests.Of(e.GetType()) == manifest);
        var before = Written[manifest];

        Assert.Equal(before, Encoding.UTF8.GetString(EventJson.ToBytes(sample)));
        var read = EventJson.FromBytes(Encoding.UTF8.GetBytes(before), manifest);
        Assert.IsType(sample.GetType(), read);
        Assert.Equal(before, EventJson.ToJson(read));
    }
}
