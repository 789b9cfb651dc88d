using GitActors.Models.Training.Munit;

namespace GitActors.Actors.Journal.Schema;

// A run's config as the journal stores it inside sweep-started.v1: the JSON RunConfig wrote when these manifests were
// fixed. Property order, names and defaults (used when an older journal lacks a property) must never change; the
// Models enums are stored by name, so only renaming a member would matter (see SchemaGuardTests).

public sealed record RunConfigV1(
    DataSpecV1 Data,
    ModelKind Model,
    LossSpecV1 Loss,
    TrainRule Rule,
    AugmentSpecV1 Augment,
    ScheduleSpecV1 Schedule,
    EvalSpecV1 Eval,
    int Seed,
    MunitJobSpecV1? Munit = null,
    BankJobSpecV1? Bank = null);

public sealed record DataSpecV1(
    string Dataset,
    int Ordering = 0,
    string? Format = null,
    string? Path = null,
    string? TestPath = null,
    int? TrainLimit = null,
    int? TestLimit = null);

public sealed record LossSpecV1(LossKind Kind = LossKind.CrossEntropy, double FocalGamma = 1.0, double LdamMaxMargin = 0.5, double LdamScale = 30.0);

public sealed record AugmentSpecV1(
    AugmentKind Kind = AugmentKind.None,
    double Fraction = 0.5,
    int? ClassSizeCutoff = null,
    bool SoftCutoff = false,
    bool IndependentStream = false,
    int StartDelayEpochs = 0,
    int? RandAugmentOps = null,
    int? RandAugmentMagnitude = null,
    int? BankStyles = null);

public sealed record ScheduleSpecV1(
    int Epochs = 50,
    int BatchSize = 128,
    double BaseLr = 0.1,
    double Momentum = 0.9,
    double WeightDecay = 2e-4,
    int WarmupEpochs = 5,
    int Stage1Epoch = 30,
    int Stage2Epoch = 40,
    LrPolicy Policy = LrPolicy.Step,
    double Beta = 0.9999);

public sealed record EvalSpecV1(int EkldImagesPerClass = 40, int EkldTransformsPerImage = 100);

public sealed record BankJobSpecV1(string MunitJob, TrainRule Rule, AugmentSpecV1 Augment, ScheduleSpecV1 Schedule, int Blocks = 10);

public sealed record MunitJobSpecV1(
    int Steps,
    int IterationsPerBlock,
    MunitHyperParametersV1 Hyper,
    MunitGeneratorOptionsV1? Generator = null,
    MunitDiscriminatorOptionsV1? Discriminator = null,
    MunitTranslation Translation = MunitTranslation.AToB,
    int? BatchSize = null);

public sealed record MunitHyperParametersV1(
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
    double VggWeight = 0);

/// <summary>ContentChannels is derived (Dim &lt;&lt; Downsamplings) but was always written; it is written still and ignored on read.</summary>
public sealed record MunitGeneratorOptionsV1(
    int InputChannels,
    int Dim = 64,
    int StyleDim = 8,
    int MlpDim = 256,
    int Downsamplings = 2,
    int ResBlocks = 4,
    int ContentChannels = 0);

public sealed record MunitDiscriminatorOptionsV1(int InputChannels, int Dim = 64, int Layers = 4);
