namespace GitActors.Models.Metrics;

/// <summary>A mean over runs with its spread: [Lower, Upper] is mean -/+ StandardError (SE) or the t interval.</summary>
public sealed record MeanInterval(double Mean, double StandardError, double Lower, double Upper, int Count);

/// <summary>
/// Aggregates over independent runs (SPEC 8): mean with standard error (Tables 1-4, 3 runs) and Student-t
/// confidence intervals (K49 figures, 30 classifiers). With one run the spread is unknown and reported as NaN.
/// </summary>
public static class Intervals
{
    /// <summary>Mean and SE = s / sqrt(n) with the unbiased sample standard deviation s; bounds are mean -/+ SE.</summary>
    public static MeanInterval MeanWithStandardError(IReadOnlyList<double> values)
    {
        var (mean, se) = MeanAndStandardError(values);
        return new MeanInterval(mean, se, mean - se, mean + se, values.Count);
    }

    /// <summary>Mean -/+ t_{(1+confidence)/2, n-1} * SE.</summary>
    public static MeanInterval StudentTConfidence(IReadOnlyList<double> values, double confidence = 0.95)
    {
        if (confidence is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence must lie in (0, 1)");
        var (mean, se) = MeanAndStandardError(values);
        var halfWidth = values.Count < 2 ? double.NaN : StudentT.Quantile((1 + confidence) / 2, values.Count - 1) * se;
        return new MeanInterval(mean, se, mean - halfWidth, mean + halfWidth, values.Count);
    }

    private static (double Mean, double StandardError) MeanAndStandardError(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values to aggregate");
        var mean = values.Average();
        if (values.Count < 2) return (mean, double.NaN);
        var squares = values.Sum(v => (v - mean) * (v - mean));
        return (mean, Math.Sqrt(squares / (values.Count - 1) / values.Count));
    }
}
