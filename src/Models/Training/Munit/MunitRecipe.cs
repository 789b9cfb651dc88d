using GitActors.Models.Data;
using GitActors.Models.Networks.Munit;

namespace GitActors.Models.Training.Munit;

/// <summary>
/// The knobs a MUNIT user turns, over the paper's setup (SPEC 6): images per domain in each iteration, the networks'
/// base width, the weights of image reconstruction and of cycle reconstruction (x -> translated -> x), Adam's
/// learning rate and MUNIT's step policy for it (lr x LrGamma every LrStep iterations). Steps null means the dataset
/// family's paper budget; LrStep and LrGamma null mean the paper's policy (halve every 100,000 iterations, which a
/// 10,000-iteration job never reaches). Everything else (style size, MLP, Adam's betas) stays the paper's.
/// </summary>
public sealed record MunitRecipe(
    int BatchSize = 1,
    int Dim = MunitRecipe.PaperDim,
    double ReconXWeight = 10,
    double ReconXCycWeight = 0,
    int? Steps = null,
    double Lr = 1e-4,
    int? LrStep = null,
    double? LrGamma = null)
{
    public const int PaperDim = 64;

    public const string PaperName = "paper";

    public const string CpuName = "cpu";

    /// <summary>Paper appendix A: batch 1, width 64, image reconstruction 10, no cycle loss, the family's iterations.</summary>
    public static MunitRecipe Paper { get; } = new();

    /// <summary>
    /// The best recipe this project measured on its 2-core CPU (docs/munit.md, 2026-12-01): 8 images per domain, width 32
    /// (a quarter of the paper's multiply-adds per image), cycle reconstruction 10, Adam at 4e-4, 1,000 iterations.
    /// On FMNIST-BG-LT it keeps 0.815 of the content the true transform keeps, against 0.617 at the paper's lr.
    /// </summary>
    public static MunitRecipe Cpu { get; } = new(BatchSize: 8, Dim: 32, ReconXWeight: 10, ReconXCycWeight: 10, Steps: 1_000, Lr: 4e-4);

    public static IReadOnlyList<string> Names { get; } = [PaperName, CpuName];

    public static MunitRecipe? TryPreset(string name) => name switch
    {
        PaperName => Paper,
        CpuName => Cpu,
        _ => null,
    };

    /// <summary>The trainer's options for images of this shape: the paper's networks at this recipe's width and weights.</summary>
    public MunitTrainerOptions TrainerOptions(ImageShape image)
    {
        Validate();
        var paper = MunitTrainerOptions.ForImages(image);
        return paper with
        {
            Generator = paper.Generator with { Dim = Dim },
            Discriminator = paper.Discriminator with { Dim = Dim },
            Hyper = HyperParameters(),
            BatchSize = BatchSize,
        };
    }

    /// <summary>The paper's optimisation and loss weights with this recipe's weights, learning rate and lr policy.</summary>
    public MunitHyperParameters HyperParameters()
    {
        var paper = new MunitHyperParameters();
        return paper with
        {
            ReconXWeight = ReconXWeight,
            ReconXCycWeight = ReconXCycWeight,
            Lr = Lr,
            LrStepSize = LrStep ?? paper.LrStepSize,
            LrGamma = LrGamma ?? paper.LrGamma,
        };
    }

    public void Validate()
    {
        if (BatchSize < 1) throw new ArgumentException($"MUNIT batch size must be positive, not {BatchSize}");
        if (Dim < 1) throw new ArgumentException($"MUNIT width must be positive, not {Dim}");
        if (!(ReconXWeight >= 0) || !(ReconXCycWeight >= 0) || double.IsInfinity(ReconXWeight) || double.IsInfinity(ReconXCycWeight))
            throw new ArgumentException($"MUNIT reconstruction weights must be finite and non-negative ({ReconXWeight}, {ReconXCycWeight})");
        if (!(Lr > 0) || double.IsInfinity(Lr)) throw new ArgumentException($"MUNIT learning rate must be positive and finite, not {Lr}");
        if (Steps is < 1) throw new ArgumentException($"MUNIT iterations must be positive, not {Steps}");
        if (LrStep is < 1) throw new ArgumentException($"MUNIT lr step must be a positive number of iterations, not {LrStep}");
        if (LrGamma is { } gamma && !(gamma is > 0 and <= 1)) throw new ArgumentException($"MUNIT lr gamma must be in (0, 1], not {gamma}");
    }
}
