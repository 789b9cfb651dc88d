namespace GitActors.Models.Data;

/// <summary>Channel-first image geometry.</summary>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    public int PixelCount => Channels * Height * Width;

    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
