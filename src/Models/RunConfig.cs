namespace GitActors.Models;

public enum ModelKind { SimpleCnn, ResNet20, ResNet32 }

public enum LossKind { CrossEntropy, Focal, Ldam }

/// <summary>SPEC 5's train rules: how batches are sampled and how the loss is weighted over epochs.</summary>
public enum TrainRule { None, Rs, CbRs, CbRw, Drw, Drs }

/// <summary>
/// Learned (GIT, MUNIT) or true (Oracle) nuisance augmentation of a fraction of each batch (Algorithm 1), or
/// RandAugment on every training image (the paper's Table 2 baseline).
/// </summary>
public enum AugmentKind { None, Oracle, Git, RandAugment }

public enum LrPolicy { Step, Cosine }

/// <summary>
/// Which data a run trains on: a built-in variant (fmnist-bg-lt, ...) or a user file, and the class ordering.
/// TrainLimit / TestLimit (null: all) keep a deterministic subsample of the built long-tailed train set / the test set
/// for quick runs: per class the first ceil(limit x class share) images, so the class profile keeps its shape and the
/// kept images are exactly those of the full set. Both are part of the run id (null is omitted from it).
/// </summary>
public sealed record DataSpec(
    string Dataset,
    int Ordering = 0,
    string? Format = null,
    string? Path = null,
    string? TestPath = null,
    int? TrainLimit = null,
    int? TestLimit = null);

public sealed record LossSpec(LossKind Kind = LossKind.CrossEntropy, double FocalGamma = 1.0, double LdamMaxMargin = 0.5, double LdamScale = 30.0);

/// <summary>
/// Algorithm 1's knobs plus the reference code's variants (SPEC 7), defaulting to the paper: augment fraction p of every
/// batch, only classes of at most ClassSizeCutoff examples (null: all classes). SoftCutoff ramps the keep probability
/// from 1 at the smallest class to 0 at size K; IndependentStream makes the augmented rows the batch's second part, drawn
/// from an independent class-balanced stream; StartDelayEpochs = d &gt; 0 starts augmenting at epoch s1 + d (reference: 1).
/// RandAugment runs are RandAugmentOps operations of magnitude RandAugmentMagnitude (0-30) per image (null: the
/// published CIFAR-10 setting, see RandAugmentSettings); both stay out of other runs' ids.
/// BankStyles = S &gt; 0 (GIT only) takes each augmented row from an augmentation bank of at most S pre-generated T~
/// samples per image instead of a fresh style draw (null: the paper; see BankJobSpec).
/// </summary>
public sealed record AugmentSpec(
    AugmentKind Kind = AugmentKind.None,
    double Fraction = 0.5,
    int? ClassSizeCutoff = null,
    bool SoftCutoff = false,
    bool IndependentStream = false,
    int StartDelayEpochs = 0,
    int? RandAugmentOps = null,
    int? RandAugmentMagnitude = null,
    int? BankStyles = null)
{
    /// <summary>Whether a GIT run reads its augmented rows from a bank (a method: properties are part of the run id).</summary>
    public bool UsesBank() => Kind == AugmentKind.Git && BankStyles is > 0;
}

/// <summary>SGD with warm-up and step decay (or cosine); epochs are 1-based in the schedule formulas.</summary>
public sealed record ScheduleSpec(
    int Epochs = 50,
    int BatchSize = 128,
    double BaseLr = 0.1,
    double Momentum = 0.9,
    double WeightDecay = 2e-4,
    int WarmupEpochs = 5,
    int Stage1Epoch = 30,
    int Stage2Epoch = 40,
    LrPolicy Policy = LrPolicy.Step,
    double Beta = 0.9999)
{
    /// <summary>K49-LT and the built-in Fashion-MNIST variants: 50 epochs, decay at 30 and 40.</summary>
    public static ScheduleSpec K49 { get; } = new();

    /// <summary>CIFAR-LT and GTSRB-LT: 200 epochs, decay at 160 and 180.</summary>
    public static ScheduleSpec Cifar { get; } = new(Epochs: 200, Stage1Epoch: 160, Stage2Epoch: 180);
}

/// <summary>eKLD sampling (SPEC 8): held-out images per class and transforms per image.</summary>
public sealed record EvalSpec(int EkldImagesPerClass = 40, int EkldTransformsPerImage = 100);

/// <summary>
/// A MUNIT training job of a sweep (SPEC 6): Steps iterations in blocks of IterationsPerBlock, each block one "epoch"
/// for the engine (a checkpoint and a journal event), with the paper's hyperparameters unless given. Generator and
/// Discriminator null mean the paper's networks, BatchSize null the paper's 1 (nulls stay out of the run id, so
/// jobs at the paper's settings keep their ids). Translation picks the trained networks its generator file keeps as T~.
/// Derived values are methods, not properties: every property of a config is part of its JSON and so of its run id.
/// </summary>
public sealed record MunitJobSpec(
    int Steps,
    int IterationsPerBlock,
    Training.Munit.MunitHyperParameters Hyper,
    Networks.Munit.MunitGeneratorOptions? Generator = null,
    Networks.Munit.MunitDiscriminatorOptions? Discriminator = null,
    Training.Munit.MunitTranslation Translation = Training.Munit.MunitTranslation.AToB,
    int? BatchSize = null)
{
    /// <summary>A recipe's job for images with <paramref name="channels"/> channels; values at the paper's defaults are left null.</summary>
    public static MunitJobSpec For(Training.Munit.MunitRecipe recipe, int steps, int iterationsPerBlock, int channels,
        Training.Munit.MunitTranslation translation)
    {
        recipe.Validate();
        var paperWidth = recipe.Dim == Training.Munit.MunitRecipe.PaperDim;
        return new MunitJobSpec(steps, iterationsPerBlock,
            recipe.HyperParameters(),
            paperWidth ? null : new Networks.Munit.MunitGeneratorOptions(channels, Dim: recipe.Dim),
            paperWidth ? null : new Networks.Munit.MunitDiscriminatorOptions(channels, Dim: recipe.Dim),
            translation,
            recipe.BatchSize == 1 ? null : recipe.BatchSize);
    }

    /// <summary>The paper's networks for this image shape unless the spec names smaller ones (tests, benchmarks).</summary>
    public Training.Munit.MunitTrainerOptions TrainerOptions(Data.ImageShape image)
    {
        var options = Training.Munit.MunitTrainerOptions.ForImages(image) with { Hyper = Hyper, BatchSize = BatchSize ?? 1 };
        if (Generator is not null) options = options with { Generator = Generator };
        if (Discriminator is not null) options = options with { Discriminator = Discriminator };
        return options;
    }

    public int BlockCount() => (Steps + IterationsPerBlock - 1) / IterationsPerBlock;
}

/// <summary>
/// An augmentation bank job of a sweep: once its MUNIT job (MunitJob, a run id) has recorded the generator, it writes
/// for every image GIT may augment a number of T~ samples, their styles drawn from seeded streams per (image, style), so
/// that GIT runs made with Rule, Augment and Schedule take their augmented rows from the bank instead of the pool.
/// Rule, Augment and Schedule are those of the GIT runs it serves: they set the per-class style counts
/// (Training.Bank.BankAllocation, at most Augment.BankStyles per image). Blocks is the number of engine "epochs" the
/// work is cut into, each a checkpoint.
/// </summary>
public sealed record BankJobSpec(string MunitJob, TrainRule Rule, AugmentSpec Augment, ScheduleSpec Schedule, int Blocks = BankJobSpec.DefaultBlocks)
{
    public const int DefaultBlocks = 10;

    /// <summary>The bank a GIT run with the bank option reads, made from the generator of <paramref name="munitJob"/>.</summary>
    public static BankJobSpec For(RunConfig gitRun, string munitJob, int blocks = DefaultBlocks) =>
        gitRun.Augment.UsesBank()
            ? new BankJobSpec(munitJob, gitRun.Rule, gitRun.Augment, gitRun.Schedule, blocks)
            : throw new ArgumentException("only a GIT run with bank styles reads a bank", nameof(gitRun));

    /// <summary>S: the most samples any image gets.</summary>
    public int MaxStyles() => Augment.BankStyles ?? 0;
}

/// <summary>
/// Everything that determines one training run's result; its canonical JSON hash is the run id. Munit non-null makes
/// the run a MUNIT job on Data with Seed, Bank non-null an augmentation bank job (the classifier fields then carry
/// defaults and are not part of its id).
/// </summary>
public sealed record RunConfig(
    DataSpec Data,
    ModelKind Model,
    LossSpec Loss,
    TrainRule Rule,
    AugmentSpec Augment,
    ScheduleSpec Schedule,
    EvalSpec Eval,
    int Seed,
    MunitJobSpec? Munit = null,
    BankJobSpec? Bank = null)
{
    /// <summary>A MUNIT job's config: the engine shows its blocks as epochs.</summary>
    public static RunConfig ForMunitJob(DataSpec data, int seed, MunitJobSpec munit) => new(
        data, ModelKind.SimpleCnn, new LossSpec(), TrainRule.None, new AugmentSpec(),
        new ScheduleSpec(Epochs: munit.BlockCount(), BatchSize: 1), new EvalSpec(), seed, munit);

    /// <summary>A bank job's config: its blocks are the engine's epochs; Seed keys its style streams.</summary>
    public static RunConfig ForBankJob(DataSpec data, int seed, BankJobSpec bank) => new(
        data, ModelKind.SimpleCnn, new LossSpec(), TrainRule.None, new AugmentSpec(),
        new ScheduleSpec(Epochs: bank.Blocks, BatchSize: 1), new EvalSpec(), seed, Bank: bank);

    /// <summary>A MUNIT or bank job: it trains no classifier and has no classifier metrics.</summary>
    public bool IsJob() => Munit is not null || Bank is not null;
}
