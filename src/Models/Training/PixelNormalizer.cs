namespace GitActors.Models.Training;

/// <summary>
/// Maps 8-bit pixels to the classifier's input, (p/255 - mean_c) / std_c with the LT-train statistics, through a
/// 256-entry table per channel; and back, for handing images to the generator.
/// </summary>
public sealed class PixelNormalizer
{
    private readonly float[][] _tables;

    public PixelNormalizer(float[] mean, float[] std)
    {
        if (mean.Length != std.Length) throw new ArgumentException("mean and std need one entry per channel");
        Mean = mean;
        Std = std;
        _tables = new float[mean.Length][];
        for (var c = 0; c < mean.Length; c++)
        {
            _tables[c] = new float[256];
            for (var v = 0; v < 256; v++) _tables[c][v] = (v / 255f - mean[c]) / std[c];
        }
    }

    public float[] Mean { get; }

    public float[] Std { get; }

    public float Normalize(int channel, byte value) => _tables[channel][value];

    /// <summary>Normalises a channel-first image into the destination span.</summary>
    public void Normalize(ReadOnlySpan<byte> image, int channels, Span<float> destination)
    {
        var plane = image.Length / channels;
        for (var c = 0; c < channels; c++)
        {
            var table = _tables[c];
            var source = image.Slice(c * plane, plane);
            var target = destination.Slice(c * plane, plane);
            for (var i = 0; i < plane; i++) target[i] = table[source[i]];
        }
    }
}
