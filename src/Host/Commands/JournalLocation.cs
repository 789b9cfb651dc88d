namespace GitActors.Host.Commands;

/// <summary>
/// Where a sweep's journal is, with one option name per thing in every verb that reads or writes a sweep:
/// --out DIR (the sweep's output folder; the journal is &lt;out&gt;/journal.db), --journal FILE (another SQLite file),
/// --journal-provider sqlite|postgres and --journal-connection "..." (a cluster's PostgreSQL journal).
/// </summary>
internal sealed class JournalLocation
{
    public const string DefaultOut = "./gitactors-out";

    public Option<string> Out { get; } = new("--out")
    {
        Description = "The sweep's output folder: journal.db, checkpoints/, plots/, tensorboard/",
        DefaultValueFactory = _ => DefaultOut,
    };
    public Option<string?> File { get; } = new("--journal") { Description = "SQLite journal file (default <out>/journal.db)" };
    public Option<string?> Provider { get; } = new("--journal-provider") { Description = "Journal database: sqlite (default) or postgres (a cluster's journal)" };
    public Option<string?> Connection { get; } = new("--journal-connection") { Description = "PostgreSQL connection string (with --journal-provider postgres)" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Out, File, Provider, Connection }) command.Options.Add(option);
    }

    public string OutFolder(ParseResult parse) => parse.GetValue(Out)!;

    public bool NamesProvider(ParseResult parse) => parse.GetValue(Provider) is not null;

    public JournalSettings Settings(ParseResult parse) => JournalSettings.FromOptions(parse.GetValue(Provider), parse.GetValue(Connection),
        parse.GetValue(File) ?? Path.Combine(OutFolder(parse), JournalSettings.DefaultFileName));
}
