using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace GitActors.Host.Tests.Sweeps;

/// <summary>
/// Bad input to real `gitactors sweep` processes: each ends with exit code 2 and exactly one line on stderr naming the
/// file and the problem, before the journal is written. (A truncated checkpoint is covered by CrashResumeTests; a
/// corrupt data file per reader by CorruptDataFileTests.)
/// </summary>
[Collection(RealProcessCollection.Name)]
public sealed class BadInputTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_malformed_sweep_file_names_file_and_key_and_leaves_an_existing_journal_untouched()
    {
        using var temp = new TempFolder();
        var spec = temp.File("bad.conf", TinySweep.Text.Replace("epochs = 3", "epochs = three"));
        var output = Path.Combine(temp.Path, "out");
        var journal = TinySweep.Journal(output);
        CreateSqliteDatabase(journal);
        var before = Sha256(journal);

        var (code, stdout, stderr) = await CliProcess.RunAsync(temp.Path, Limit, "sweep", "run", spec, "--out", output);

        Assert.True(code == 2, $"exit {code}\n{stdout}\n{stderr}");
        BadInput.AssertOneLineNaming(stderr, spec, ": sweep.epochs: ");
        Assert.Equal(before, Sha256(journal));
        Assert.Equal(["journal.db"], Directory.GetFileSystemEntries(output).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_missing_dataset_is_reported_before_a_journal_exists()
    {
        using var temp = new TempFolder();
        var missing = Path.Combine(temp.Path, "no-such-k49");
        var spec = temp.File("k49.conf", TinySweep.Text.Replace(TinySweep.DatasetLine,
            $"datasets = [{{ name = k49-bg-lt, format = npz, path = \"{missing}\" }}]"));
        var output = Path.Combine(temp.Path, "out");

        var (code, stdout, stderr) = await CliProcess.RunAsync(temp.Path, Limit, "sweep", "run", spec, "--out", output);

        Assert.True(code == 2, $"exit {code}\n{stdout}\n{stderr}");
        BadInput.AssertOneLineNaming(stderr, spec, $": dataset k49-bg-lt at {missing} cannot be loaded: ");
        Assert.False(File.Exists(TinySweep.Journal(output)), "no journal is created for a sweep that cannot start");
    }

    [Fact]
    public async Task A_journal_file_that_is_not_a_database_is_refused_and_left_byte_for_byte()
    {
        using var temp = new TempFolder();
        var spec = temp.File("tiny.conf", TinySweep.Text);
        var output = Path.Combine(temp.Path, "out");
        Directory.CreateDirectory(output);
        var journal = TinySweep.Journal(output);
        byte[] notADatabase = "run,accuracy\n1,0.5\n"u8.ToArray();
        await File.WriteAllBytesAsync(journal, notADatabase);

        var (code, stdout, stderr) = await CliProcess.RunAsync(temp.Path, Limit, "sweep", "run", spec, "--out", output);

        Assert.True(code == 2, $"exit {code}\n{stdout}\n{stderr}");
        BadInput.AssertOneLineNaming(stderr, journal, "is not a SQLite database");
        Assert.Equal(notADatabase, await File.ReadAllBytesAsync(journal));
        Assert.False(File.Exists(journal + "-wal"));
    }

    [Fact]
    public async Task Resume_and_status_of_an_unknown_sweep_say_so()
    {
        using var temp = new TempFolder();
        var output = Path.Combine(temp.Path, "out");
        var journal = TinySweep.Journal(output);
        CreateSqliteDatabase(journal);

        var resume = await CliProcess.RunAsync(temp.Path, Limit, "sweep", "resume", "0123456789abcdef", "--out", output);
        var status = await CliProcess.RunAsync(temp.Path, Limit, "sweep", "status", "0123456789abcdef", "--out", output);

        Assert.True(resume.Code == 2, $"exit {resume.Code}\n{resume.Stderr}");
        BadInput.AssertOneLineNaming(resume.Stderr, journal, "no sweep '0123456789abcdef' in this journal");
        Assert.True(status.Code == 2, $"exit {status.Code}\n{status.Stderr}");
        BadInput.AssertOneLineNaming(status.Stderr, journal, "no sweep '0123456789abcdef' in this journal");
    }

    [Fact]
    public async Task A_journal_that_cannot_be_opened_is_one_line_naming_it_in_journal_and_report()
    {
        using var temp = new TempFolder();
        // A folder where the journal file should be, and a PostgreSQL server that is not there (port 1 is closed).
        var folder = Directory.CreateDirectory(Path.Combine(temp.Path, "journal.db")).FullName;
        string[] sqlite = ["--journal", folder];
        string[] postgres = ["--journal-provider", "postgres", "--journal-connection", "Host=127.0.0.1;Port=1;Database=gitactors;Username=nobody;Timeout=5"];
        foreach (var (where, options) in new[] { (folder, sqlite), ("postgresql://127.0.0.1:1/gitactors", postgres) })
        {
            foreach (var verb in new[] { new[] { "journal", "sweeps" }, ["report", "0123456789abcdef", "--no-plots"] })
            {
                var (code, stdout, stderr) = await CliProcess.RunAsync(temp.Path, Limit, [.. verb, .. options]);
                Assert.True(code == 2, $"{string.Join(' ', verb)} on {where}: exit {code}\n{stdout}\n{stderr}");
                BadInput.AssertOneLineNaming(stderr, where, ": ");
            }
        }
    }

    /// <summary>An empty-but-real SQLite database (one unrelated table), as another tool might have left.</summary>
    private static void CreateSqliteDatabase(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connection = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false };
        using var sqlite = new SqliteConnection(connection.ToString());
        sqlite.Open();
        using var command = sqlite.CreateCommand();
        command.CommandText = "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)";
        command.ExecuteNonQuery();
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
