using GitActors.Models.Training.Bank;

namespace GitActors.Models.Tests.Training.Bank;

/// <summary>Banks whose samples say what they are: sample j of image i has i in its first two bytes, j in the third.</summary>
internal static class BankFixture
{
    public static readonly string GeneratorSha = new('a', 64);

    public static byte Fill(int style) => (byte)(100 + style);

    public static BankHeader Header(ImageShape shape, int[] stylesPerImage, int maxStyles = 3) =>
        new(shape, maxStyles, Seed: 11, GeneratorSha, stylesPerImage);

    public static byte[] Pixels(BankHeader header)
    {
        var size = header.Shape.PixelCount;
        var pixels = new byte[header.SampleCount() * size];
        var sample = 0;
        for (var image = 0; image < header.StylesPerImage.Length; image++)
            for (var style = 0; style < header.StylesPerImage[image]; style++, sample++)
            {
                var span = pixels.AsSpan(sample * size, size);
                span.Fill(Fill(style));
                (span[0], span[1], span[2]) = ((byte)(image & 255), (byte)(image >> 8), (byte)style);
            }
        return pixels;
    }

    public static byte[] FileBytes(BankHeader header)
    {
        using var stream = new MemoryStream();
        AugmentationBank.Write(stream, header, Pixels(header));
        return stream.ToArray();
    }

    /// <summary>(image, style) of a sample made by <see cref="Pixels"/>.</summary>
    public static (int Image, int Style) Decode(ReadOnlySpan<byte> sample) => (sample[0] | sample[1] << 8, sample[2]);
}
