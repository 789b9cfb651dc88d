namespace GitActors.Host.Dashboard;

/// <summary>
/// The dashboard's one read-only journal reader, opened on first use and kept for the server's life (a reader runs
/// its own small ActorSystem, too costly to start per request). A journal that does not exist yet (the dashboard
/// started before the sweep) is retried on the next request, so the dashboard can be started first. In a process that
/// also runs the sweep, <paramref name="openReader"/> reads through the engine's own ActorSystem instead.
/// </summary>
internal sealed class JournalSource(JournalSettings settings, Func<JournalReader>? openReader = null) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private JournalReader? _reader;

    public JournalSettings Settings => settings;

    /// <summary>Where the journal is, for messages: the SQLite file or the PostgreSQL host and database.</summary>
    public string Describe() => settings.Describe();

    /// <summary>The reader, or null while the journal does not exist.</summary>
    public async Task<JournalReader?> ReaderAsync(CancellationToken cancel)
    {
        if (Volatile.Read(ref _reader) is { } open) return open;
        await _gate.WaitAsync(cancel);
        try
        {
            if (_reader is not null) return _reader;
            try
            {
                _reader = openReader is null ? JournalReader.Open(settings) : openReader();
            }
            catch (JournalFileException)
            {
                return null;
            }
            return _reader;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The reader; a journal that does not exist yet holds no sweep or run (404).</summary>
    public async Task<JournalReader> RequireAsync(CancellationToken cancel) =>
        await ReaderAsync(cancel) ?? throw new Commands.UnknownIdException($"no journal at {Describe()} yet");

    public async ValueTask DisposeAsync()
    {
        if (_reader is not null) await _reader.DisposeAsync();
        _gate.Dispose();
    }
}
