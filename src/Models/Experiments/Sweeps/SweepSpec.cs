using GitActors.Models;

namespace GitActors.Models.Experiments.Sweeps;

/// <summary>
/// A validated sweep file: grid axes plus the settings every run shares. Datasets carry no ordering here; the
/// orderings axis supplies it. <see cref="SweepExpander"/> turns a spec into runs.
/// </summary>
public sealed record SweepSpec(
    string Name,
    string SourcePath,
    string SourceText,
    IReadOnlyList<DataSpec> Datasets,
    IReadOnlyList<int> Orderings,
    IReadOnlyList<ModelKind> Models,
    IReadOnlyList<MethodSpec> Methods,
    IReadOnlyList<int> Seeds,
    ScheduleOverrides Schedule,
    LossSettings Loss,
    GitSettings Git,
    EvalSpec Eval,
    EngineSettings Engine,
    MunitSettings? Munit = null,
    RandAugmentOverrides? RandAugment = null)
{
    // Reading a sweep file is SweepSpecParser's job (GitActors.Actors.Sweeps): the HOCON reader is Akka's, and this
    // domain stays free of Akka.

    public SweepPlan Expand() => SweepExpander.Expand(this);
}

/// <summary>Schedule keys the file set; the rest come from the dataset family's default (SPEC 5).</summary>
public sealed record ScheduleOverrides(
    int? Epochs = null,
    int? BatchSize = null,
    double? BaseLr = null,
    double? Momentum = null,
    double? WeightDecay = null,
    int? WarmupEpochs = null,
    int? Stage1Epoch = null,
    int? Stage2Epoch = null,
    LrPolicy? Policy = null,
    double? Beta = null)
{
    public ScheduleSpec ApplyTo(ScheduleSpec defaults) => defaults with
    {
        Epochs = Epochs ?? defaults.Epochs,
        BatchSize = BatchSize ?? defaults.BatchSize,
        BaseLr = BaseLr ?? defaults.BaseLr,
        Momentum = Momentum ?? defaults.Momentum,
        WeightDecay = WeightDecay ?? defaults.WeightDecay,
        WarmupEpochs = WarmupEpochs ?? defaults.WarmupEpochs,
        Stage1Epoch = Stage1Epoch ?? defaults.Stage1Epoch,
        Stage2Epoch = Stage2Epoch ?? defaults.Stage2Epoch,
        Policy = Policy ?? defaults.Policy,
        Beta = Beta ?? defaults.Beta,
    };
}

/// <summary>
/// The MUNIT job planned for every (dataset variant, ordering) of a sweep with a GIT method: its recipe (the preset
/// named by munit.preset with single keys overriding it; the paper's unless named), a checkpoint (one engine "epoch")
/// every CheckpointEvery iterations, and Translation, the trained networks kept as T~. Steps come from the recipe,
/// else from the dataset family's paper default (SPEC 6). Values at the paper's defaults stay out of the job's run id.
/// </summary>
public sealed record MunitSettings(
    Models.Training.Munit.MunitRecipe Recipe,
    int Seed = 1,
    int CheckpointEvery = 500,
    Models.Training.Munit.MunitTranslation Translation = Models.Training.Munit.MunitTranslation.AToB)
{
    public MunitSettings()
        : this(Models.Training.Munit.MunitRecipe.Paper)
    {
    }
}

/// <summary>RandAugment's N and M for `+randaugment` methods; null means the published setting for the dataset.</summary>
public sealed record RandAugmentOverrides(int? Ops = null, int? Magnitude = null);

/// <summary>Loss hyperparameters; each applies only to runs whose method uses that loss.</summary>
public sealed record LossSettings(double FocalGamma = 1.0, double LdamMaxMargin = 0.5, double LdamScale = 30.0);

/// <summary>
/// Algorithm 1's settings, shared by GIT and Oracle runs. CutoffSet false means the dataset family's paper default
/// (SPEC 7); CutoffSet true with a null Cutoff means "augment every class". BankStyles = S &gt; 0 gives GIT runs an
/// augmentation bank of at most S samples per image (git.bank-styles; 0, the default, is the paper's fresh draws).
/// </summary>
public sealed record GitSettings(
    double Fraction = 0.5,
    bool CutoffSet = false,
    int? Cutoff = null,
    bool SoftCutoff = false,
    bool IndependentStream = false,
    int StartDelayEpochs = 0,
    int BankStyles = 0);
