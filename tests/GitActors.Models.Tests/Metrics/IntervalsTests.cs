using GitActors.Models.Metrics;

namespace GitActors.Models.Tests.Metrics;

public sealed class IntervalsTests
{
    [Theory]
    [InlineData(1, 12.7062)]
    [InlineData(2, 4.3027)]
    [InlineData(3, 3.1824)]
    [InlineData(10, 2.2281)]
    [InlineData(29, 2.0452)]
    [InlineData(1000, 1.9623)]
    public void Student_t_quantile_matches_tables(double df, double expected) =>
        Assert.Equal(expected, StudentT.Quantile(0.975, df), 4);

    [Fact]
    public void Infinite_degrees_of_freedom_give_the_normal_quantile() =>
        Assert.Equal(1.959964, StudentT.Quantile(0.975, double.PositiveInfinity), 5);

    [Fact]
    public void Quantile_inverts_the_cdf_and_is_symmetric()
    {
        // df 1 is Cauchy: CDF(t) = 1/2 + atan(t)/pi, so the 0.9 quantile is tan(0.4 pi).
        Assert.Equal(Math.Tan(0.4 * Math.PI), StudentT.Quantile(0.9, 1), 8);
        Assert.Equal(0.75, StudentT.Cdf(1, 1), 10);
        // df 2: CDF(t) = 1/2 + t / (2 sqrt(2 + t^2)), so q(0.975) = 0.95 sqrt(2 / (1 - 0.95^2)).
        Assert.Equal(0.95 * Math.Sqrt(2 / (1 - 0.95 * 0.95)), StudentT.Quantile(0.975, 2), 8);
        Assert.Equal(-StudentT.Quantile(0.975, 7), StudentT.Quantile(0.025, 7), 10);
    }

    [Fact]
    public void Standard_error_uses_the_sample_standard_deviation()
    {
        // 1, 2, 3, 4: mean 2.5, s^2 = 5/3, SE = sqrt(5/3 / 4).
        var interval = Intervals.MeanWithStandardError([1, 2, 3, 4]);
        var se = Math.Sqrt(5.0 / 3 / 4);
        Assert.Equal(2.5, interval.Mean, 12);
        Assert.Equal(se, interval.StandardError, 12);
        Assert.Equal(2.5 - se, interval.Lower, 12);
        Assert.Equal(4, interval.Count);
    }

    [Fact]
    public void Student_t_interval_widens_by_the_t_quantile()
    {
        var interval = Intervals.StudentTConfidence([1, 2, 3, 4]);
        var halfWidth = 3.182446 * Math.Sqrt(5.0 / 3 / 4);
        Assert.Equal(2.5 - halfWidth, interval.Lower, 5);
        Assert.Equal(2.5 + halfWidth, interval.Upper, 5);
    }

    [Fact]
    public void One_run_has_no_spread()
    {
        var interval = Intervals.StudentTConfidence([0.7]);
        Assert.Equal(0.7, interval.Mean);
        Assert.True(double.IsNaN(interval.StandardError) && double.IsNaN(interval.Upper));
    }
}
