namespace GitActors.Models.Data.Datasets;

/// <summary>Per-channel mean and population standard deviation of an image set, in 0..1 pixel units.</summary>
public static class ChannelStatistics
{
    public static (float[] Mean, float[] Std) Compute(ImageSet set)
    {
        var channels = set.Shape.Channels;
        var plane = set.Shape.Height * set.Shape.Width;
        var sums = new long[channels];
        var squares = new long[channels];
        for (var i = 0; i < set.Count; i++)
        {
            var image = set.Image(i);
            for (var c = 0; c < channels; c++)
            {
                long sum = 0, square = 0;
                foreach (var value in image.Slice(c * plane, plane))
                {
                    sum += value;
                    square += value * value;
                }
                sums[c] += sum;
                squares[c] += square;
            }
        }
        var n = (double)set.Count * plane;
        var mean = new float[channels];
        var std = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            if (n == 0) continue;
            var m = sums[c] / n;
            mean[c] = (float)(m / 255.0);
            std[c] = (float)(Math.Sqrt(Math.Max(0, squares[c] / n - m * m)) / 255.0);
        }
        return (mean, std);
    }
}
