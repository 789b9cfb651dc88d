using GitActors.Models.Data;
using GitActors.Models.Networks.Munit;

namespace GitActors.Models.Training.Munit;

/// <summary>MUNIT's optimisation and loss weights; the defaults are the paper's (appendix A, SPEC 6).</summary>
public sealed record MunitHyperParameters(
    double Lr = 1e-4,
    double Beta1 = 0.5,
    double Beta2 = 0.999,
    double WeightDecay = 1e-4,
    int LrStepSize = 100_000,
    double LrGamma = 0.5,
    double GanWeight = 1,
    double ReconXWeight = 10,
    double ReconSWeight = 1,
    double ReconCWeight = 1,
    double ReconXCycWeight = 0,
    double VggWeight = 0)
{
    public void Validate()
    {
        if (VggWeight != 0)
            throw new NotSupportedException("the domain-invariant perceptual (VGG) loss is not implemented; the paper disables it (vgg_w = 0)");
        if (Lr <= 0 || LrStepSize <= 0 || LrGamma <= 0) throw new ArgumentException($"invalid MUNIT learning-rate settings {this}");
    }
}

/// <summary>
/// Everything that shapes a MUNIT trainer: image geometry, the two network families, the optimisation and the number of
/// images per domain in each iteration (the paper's 1).
/// </summary>
public sealed record MunitTrainerOptions(
    ImageShape Image,
    MunitGeneratorOptions Generator,
    MunitDiscriminatorOptions Discriminator,
    MunitHyperParameters Hyper,
    int BatchSize = 1)
{
    /// <summary>The paper's setup for images of this shape.</summary>
    public static MunitTrainerOptions ForImages(ImageShape image) =>
        new(image, new MunitGeneratorOptions(image.Channels), new MunitDiscriminatorOptions(image.Channels), new MunitHyperParameters());

    public void Validate()
    {
        if (Generator.InputChannels != Image.Channels || Discriminator.InputChannels != Image.Channels)
            throw new ArgumentException($"networks built for {Generator.InputChannels}/{Discriminator.InputChannels} channels cannot train on {Image} images");
        if (BatchSize < 1) throw new ArgumentException($"MUNIT batch size must be positive, not {BatchSize}");
        Generator.Validate();
        Discriminator.Validate();
        Hyper.Validate();
    }
}
