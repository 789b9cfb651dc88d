namespace GitActors.Host.Commands.Bench;

internal static class BenchStatistics
{
    /// <summary>Median of repeated measurements: robust to one disturbed round on a shared machine.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
