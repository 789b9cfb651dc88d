using System.Collections.Concurrent;

namespace GitActors.Models.Data.Datasets;

/// <summary>
/// Loads each data set variant once per process: the runs of a sweep that share a DataSpec share its (read-only)
/// arrays. Loading is idempotent, so a failed load is retried by the next caller.
/// </summary>
public sealed class DatasetCache
{
    private readonly ConcurrentDictionary<DataSpec, Lazy<DatasetBundle>> _bundles = new();

    public DatasetBundle Get(DataSpec spec)
    {
        var entry = _bundles.GetOrAdd(spec, key => new Lazy<DatasetBundle>(() => DatasetCatalog.Load(key)));
        try
        {
            return entry.Value;
        }
        catch
        {
            _bundles.TryRemove(new KeyValuePair<DataSpec, Lazy<DatasetBundle>>(spec, entry));
            throw;
        }
    }
}
