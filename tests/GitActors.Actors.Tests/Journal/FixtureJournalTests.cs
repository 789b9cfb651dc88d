using GitActors.Actors.Journal;
using GitActors.Models.Experiments.Reports;
using Microsoft.Data.Sqlite;

namespace GitActors.Actors.Tests.Journal;

/// <summary>
/// Fixtures/journal-2026-12-01.db is a SQLite journal written by the engine before the journal owned its schema (a sweep
/// run through SweepRunner with fake workloads, retry-failed included, and SampleEvents.All: every manifest). The
/// .export.json and .report.json beside it are what that code read from it, generated once with the file and never
/// regenerated: today's build must read the same runs, results and report, and write the same bytes back.
/// </summary>
public sealed class FixtureJournalTests : IDisposable
{
    private const string Name = "journal-2026-12-01";
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Journal", "Fixtures");
    private static readonly string[] SweepIds = ["fixtureengine001", "sweep0123456789ab"];

    // A copy: the reader opens SQLite read-only, and the checked-in file must stay as written.
    private readonly string _file;

    public FixtureJournalTests()
    {
        _file = Path.Combine(Directory.CreateTempSubdirectory("gitactors-fixture-").FullName, $"{Name}.db");
        File.Copy(Path.Combine(Fixtures, $"{Name}.db"), _file);
    }

    public static TheoryData<string> Sweeps() => new(SweepIds);

    [Theory]
    [MemberData(nameof(Sweeps))]
    public async Task Reads_to_the_same_runs_results_and_report(string sweepId)
    {
        await using var reader = JournalReader.Open(JournalSettings.Sqlite(_file));
        var sweep = Assert.Single(await reader.ListSweeps(), s => s.SweepId == sweepId);
        var events = (await reader.SweepEvents(sweepId)).Select(e => e.Event).ToList();

        Assert.Equal(Expected($"{sweepId}.export.json"), JournalExport.ToJson(sweep));
        Assert.Equal(Expected($"{sweepId}.report.json"),
            EventJson.ToJson(SweepReport.Build(sweepId, events), Newtonsoft.Json.Formatting.Indented));
    }

    [Fact]
    public void Holds_every_manifest_and_each_event_writes_back_to_its_stored_bytes()
    {
        var rows = StoredRows();

        Assert.Equal(EventManifests.All.Values.Order(), rows.Select(r => r.Manifest).Distinct().Order());
        Assert.All(rows, row => Assert.Equal(
            System.Text.Encoding.UTF8.GetString(row.Bytes),
            System.Text.Encoding.UTF8.GetString(EventJson.ToBytes(EventJson.FromBytes(row.Bytes, row.Manifest)))));
    }

    private List<(string Manifest, byte[] Bytes)> StoredRows()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT manifest, message FROM journal ORDER BY ordering";
        using var read = command.ExecuteReader();
        var rows = new List<(string, byte[])>();
        while (read.Read()) rows.Add((read.GetString(0), (byte[])read[1]));
        return rows;
    }

    private static string Expected(string suffix) => File.ReadAllText(Path.Combine(Fixtures, $"{Name}.{suffix}"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);
    }
}
