using System.Collections.Concurrent;

namespace GitActors.Models.Data.Datasets;

/// <summary>
/// Loads each data set variant once per process: the runs of a sweep that share a DataSpec share its (read-only)
/// arrays. <c>load</c> replaces the catalog (tests build small bundles in memory). Loading is idempotent, so a failed load is retried by the next caller.
/// </summary>
public sealed class DatasetCache(Func<DataSpec, DatasetBundle>? load = null)
{
    private readonly ConcurrentDictionary<DataSpec, Lazy<DatasetBundle>> _bundles = new();
    private readonly Func<DataSpec, DatasetBundle> _load = load ?? DatasetCatalog.Load;

    public DatasetBundle Get(DataSpec spec)
    {
        var entry = _bundles.GetOrAdd(spec, key => new Lazy<DatasetBundle>(() => _load(key)));
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
