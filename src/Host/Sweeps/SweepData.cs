namespace GitActors.Host.Sweeps;

/// <summary>
/// Loads every data set a plan uses before the sweep starts, so a missing or unreadable data set is one clear error
/// (naming the sweep file and the data set) instead of every run failing its attempts; the trainers then share the cache.
/// </summary>
internal static class SweepData
{
    public static DatasetCache Preload(SweepPlan plan, string specPath)
    {
        var cache = new DatasetCache();
        foreach (var data in plan.Runs.Select(r => r.Config.Data).Distinct())
        {
            try
            {
                cache.Get(data);
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidDataException || e.GetType().Name.EndsWith("FormatException", StringComparison.Ordinal))
            {
                var where = data.Path is { } path ? $" at {path}" : "";
                throw new ArgumentException($"{specPath}: dataset {data.Dataset}{where} cannot be loaded: {e.Message}", e);
            }
        }
        return cache;
    }
}
