namespace GitActors.Models.Metrics;

/// <summary>
/// Student's t distribution: CDF through the regularized incomplete beta function, quantiles by bisection on the
/// CDF (exact to ~1e-12, monotone, no tables). Infinite degrees of freedom give the standard normal.
/// </summary>
public static class StudentT
{
    public static double Cdf(double t, double degreesOfFreedom)
    {
        RequireDf(degreesOfFreedom);
        if (double.IsPositiveInfinity(degreesOfFreedom)) return NormalCdf(t);
        var tail = 0.5 * SpecialFunctions.RegularizedIncompleteBeta(degreesOfFreedom / 2, 0.5, degreesOfFreedom / (degreesOfFreedom + t * t));
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>The t with Cdf(t) = p; e.g. Quantile(0.975, 29) = 2.0452.</summary>
    public static double Quantile(double p, double degreesOfFreedom)
    {
        RequireDf(degreesOfFreedom);
        if (p is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(p), p, "a quantile needs 0 < p < 1");
        if (p < 0.5) return -Quantile(1 - p, degreesOfFreedom);
        if (p == 0.5) return 0;
        double low = 0, high = 1;
        while (Cdf(high, degreesOfFreedom) < p) high *= 2;
        for (var i = 0; i < 200 && high - low > 1e-13 * high; i++)
        {
            var mid = 0.5 * (low + high);
            if (Cdf(mid, degreesOfFreedom) < p) low = mid; else high = mid;
        }
        return 0.5 * (low + high);
    }

    private static double NormalCdf(double z) =>
        z >= 0
            ? 0.5 + 0.5 * SpecialFunctions.RegularizedLowerGamma(0.5, z * z / 2)
            : 0.5 - 0.5 * SpecialFunctions.RegularizedLowerGamma(0.5, z * z / 2);

    private static void RequireDf(double df)
    {
        if (!(df > 0)) throw new ArgumentOutOfRangeException(nameof(df), df, "degrees of freedom must be positive");
    }
}
