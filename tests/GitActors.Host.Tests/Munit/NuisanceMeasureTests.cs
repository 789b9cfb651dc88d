using GitActors.Host.Munit;
using GitActors.Models.Data.Nuisance;
using static TorchSharp.torch;

namespace GitActors.Host.Tests.Munit;

public sealed class NuisanceMeasureTests
{
    // A 4 x 4 base image: the top row is the garment (grey 200), the other 12 pixels are background (0).
    private static readonly byte[] Base = [200, 200, 200, 200, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    [Fact]
    public void Bg_reads_the_mean_grey_level_on_the_base_images_zero_pixels()
    {
        // Two images: background 37 everywhere, and background 10 on six pixels and 70 on the other six (mean 40).
        var first = Base.Select(p => p == 0 ? 37f : 250f).ToArray();
        var second = Base.Select((p, i) => p == 0 ? (i < 10 ? 10f : 70f) : 250f).ToArray();
        using var grey = tensor(first.Concat(second).ToArray(), [2, 1, 4, 4]);

        var levels = NuisanceMeasure.For(BackgroundNuisance.Instance).Of(grey, Base).data<float>().ToArray();

        Assert.Equal([37f, 40f], levels);
    }

    [Fact]
    public void Dil_reads_the_share_of_pixels_at_grey_128_or_more_in_percent()
    {
        // 5 of 16 pixels at 128 or more (127.9 is not), then all 16.
        float[] first = [128, 255, 130, 200, 140, 127.9f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var second = Enumerable.Repeat(128f, 16).ToArray();
        using var grey = tensor(first.Concat(second).ToArray(), [2, 1, 4, 4]);

        var area = NuisanceMeasure.For(DilationNuisance.Instance).Of(grey, Base).data<float>().ToArray();

        Assert.Equal(5 * 100f / 16, area[0], 1e-5f);
        Assert.Equal(100f, area[1], 1e-5f);
    }

    [Fact]
    public void Rotation_has_no_measure_and_says_which_nuisances_have_one()
    {
        var error = Assert.Throws<ArgumentException>(() => NuisanceMeasure.For(RotationNuisance.Instance));
        Assert.Contains("bg and dil", error.Message);
    }
}
