namespace GitActors.Models.Networks.Munit;

/// <summary>
/// MUNIT's AdaINGen hyperparameters; the defaults are the "edges2handbags" generator the paper uses (SPEC 6).
/// </summary>
public sealed record MunitGeneratorOptions(
    int InputChannels,
    int Dim = 64,
    int StyleDim = 8,
    int MlpDim = 256,
    int Downsamplings = 2,
    int ResBlocks = 4)
{
    /// <summary>The style encoder always downsamples 4 times in MUNIT (its first argument), independent of the content path.</summary>
    public const int StyleDownsamplings = 4;

    /// <summary>Channels of the content code: Dim doubled once per content downsampling.</summary>
    public int ContentChannels => Dim << Downsamplings;

    public void Validate()
    {
        if (InputChannels is < 1 or > 4) throw new ArgumentException($"MUNIT input channels must be 1..4, not {InputChannels}");
        if (Dim < 1 || StyleDim < 1 || MlpDim < 1 || Downsamplings < 0 || ResBlocks < 0)
            throw new ArgumentException($"invalid MUNIT generator options {this}");
    }
}

/// <summary>MsImageDis with a single scale, as the paper uses (MUNIT's own default is 3 scales).</summary>
public sealed record MunitDiscriminatorOptions(int InputChannels, int Dim = 64, int Layers = 4)
{
    public void Validate()
    {
        if (InputChannels is < 1 or > 4) throw new ArgumentException($"MUNIT input channels must be 1..4, not {InputChannels}");
        if (Dim < 1 || Layers < 1) throw new ArgumentException($"invalid MUNIT discriminator options {this}");
    }
}
