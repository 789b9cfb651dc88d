using GitActors.Models.Experiments.Reports;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json.Linq;

namespace GitActors.Actors.Tests.Journal;

/// <summary>
/// Fixtures/journal-2026-12-01.db is a SQLite journal written by the engine before the journal owned its schema (a sweep
/// run through SweepRunner with fake workloads, retry-failed included, and SampleEvents.All: every manifest). The
/// .export.json and .report.json beside it are what that code read from it, generated once with the file and never
/// regenerated: today's build must read the same runs, results and report, and write the same bytes back. The read
/// model may grow (a property the recorded JSON lacks is allowed); every recorded value must be read again, except the
/// changes listed in <see cref="ReadModelChanges"/>, each made on purpose.
/// </summary>
public sealed class FixtureJournalTests : IDisposable
{
    private const string Name = "journal-2026-12-01";
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Journal", "Fixtures");
    private static readonly string[] SweepIds = ["fixtureengine001", "sweep0123456789ab"];

    /// <summary>Manifests the engine gained after the fixture was written; the fixture cannot hold them.</summary>
    private static readonly string[] AddedSinceTheFixture = ["run-faulted.v1"];

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

        AssertReadsAsRecorded(Expected($"{sweepId}.export.json"), JournalExport.ToJson(sweep));
        AssertReadsAsRecorded(Expected($"{sweepId}.report.json"),
            EventJson.ToJson(SweepReport.Build(sweepId, events), Newtonsoft.Json.Formatting.Indented));
    }

    /// <summary>
    /// Deliberate changes of the read model since the fixture was recorded: (path pattern, what is read now).
    /// 2026-12-01, session 8: a MUNIT or bank job is its own kind of run; it no longer carries the engine's placeholder
    /// classifier result (all NaN) or a NaN best accuracy.
    /// </summary>
    private static readonly (System.Text.RegularExpressions.Regex Path, Func<JToken, bool> ReadNow)[] ReadModelChanges =
    [
        (new(@"^Runs\[\d+\]\.(Result|BestBalancedAccuracy)$"), actual => actual.Type == JTokenType.Null),
    ];

    private static void AssertReadsAsRecorded(string recorded, string read)
    {
        var differences = new List<string>();
        Compare(JToken.Parse(recorded), JToken.Parse(read), differences);
        Assert.True(differences.Count == 0, string.Join("\n", differences.Take(20)));
    }

    private static void Compare(JToken expected, JToken actual, List<string> differences)
    {
        if (expected is JObject expectedObject && actual is JObject actualObject)
        {
            foreach (var (name, value) in expectedObject)
            {
                var now = actualObject[name];
                if (now is null) differences.Add($"{expected.Path}.{name}: no longer read");
                else if (!IsListedChange(now, value!)) Compare(value!, now, differences);
            }
            return;
        }
        if (expected is JArray expectedArray && actual is JArray actualArray)
        {
            if (expectedArray.Count != actualArray.Count) differences.Add($"{expected.Path}: {actualArray.Count} items, recorded {expectedArray.Count}");
            for (var i = 0; i < Math.Min(expectedArray.Count, actualArray.Count); i++) Compare(expectedArray[i], actualArray[i], differences);
            return;
        }
        if (!JToken.DeepEquals(expected, actual)) differences.Add($"{expected.Path}: read {actual}, recorded {expected}");
    }

    /// <summary>A listed change applies only to a job (its config names a MUNIT or bank job) and only as listed.</summary>
    private static bool IsListedChange(JToken now, JToken recorded)
    {
        var run = recorded.Parent?.Parent as JObject;
        var isJob = run?["Config"] is JObject config && (config["Munit"]?.Type is JTokenType.Object || config["Bank"]?.Type is JTokenType.Object);
        return isJob && ReadModelChanges.Any(change => change.Path.IsMatch(recorded.Path) && change.ReadNow(now));
    }

    [Fact]
    public void Holds_every_manifest_and_each_event_writes_back_to_its_stored_bytes()
    {
        var rows = StoredRows();

        Assert.Equal(EventManifests.All.Values.Except(AddedSinceTheFixture).Order(), rows.Select(r => r.Manifest).Distinct().Order());
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
