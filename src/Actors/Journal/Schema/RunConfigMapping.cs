using GitActors.Models.Networks.Munit;
using GitActors.Models.Training.Munit;

namespace GitActors.Actors.Journal.Schema;

/// <summary>RunConfig and its parts to and from their persisted form, field by field.</summary>
internal static class RunConfigMapping
{
    public static RunConfigV1 ToPersisted(RunConfig c) => new(
        ToPersisted(c.Data), c.Model, ToPersisted(c.Loss), c.Rule, ToPersisted(c.Augment), ToPersisted(c.Schedule),
        new EvalSpecV1(c.Eval.EkldImagesPerClass, c.Eval.EkldTransformsPerImage), c.Seed,
        c.Munit is null ? null : ToPersisted(c.Munit),
        c.Bank is null ? null : new BankJobSpecV1(c.Bank.MunitJob, c.Bank.Rule, ToPersisted(c.Bank.Augment), ToPersisted(c.Bank.Schedule), c.Bank.Blocks));

    public static RunConfig ToDomain(RunConfigV1 c) => new(
        ToDomain(c.Data), c.Model, ToDomain(c.Loss), c.Rule, ToDomain(c.Augment), ToDomain(c.Schedule),
        new EvalSpec(c.Eval.EkldImagesPerClass, c.Eval.EkldTransformsPerImage), c.Seed,
        c.Munit is null ? null : ToDomain(c.Munit),
        c.Bank is null ? null : new BankJobSpec(c.Bank.MunitJob, c.Bank.Rule, ToDomain(c.Bank.Augment), ToDomain(c.Bank.Schedule), c.Bank.Blocks));

    public static DataSpecV1 ToPersisted(DataSpec d) => new(d.Dataset, d.Ordering, d.Format, d.Path, d.TestPath, d.TrainLimit, d.TestLimit);

    public static DataSpec ToDomain(DataSpecV1 d) => new(d.Dataset, d.Ordering, d.Format, d.Path, d.TestPath, d.TrainLimit, d.TestLimit);

    private static LossSpecV1 ToPersisted(LossSpec l) => new(l.Kind, l.FocalGamma, l.LdamMaxMargin, l.LdamScale);

    private static LossSpec ToDomain(LossSpecV1 l) => new(l.Kind, l.FocalGamma, l.LdamMaxMargin, l.LdamScale);

    private static AugmentSpecV1 ToPersisted(AugmentSpec a) => new(
        a.Kind, a.Fraction, a.ClassSizeCutoff, a.SoftCutoff, a.IndependentStream, a.StartDelayEpochs, a.RandAugmentOps, a.RandAugmentMagnitude, a.BankStyles);

    private static AugmentSpec ToDomain(AugmentSpecV1 a) => new(
        a.Kind, a.Fraction, a.ClassSizeCutoff, a.SoftCutoff, a.IndependentStream, a.StartDelayEpochs, a.RandAugmentOps, a.RandAugmentMagnitude, a.BankStyles);

    private static ScheduleSpecV1 ToPersisted(ScheduleSpec s) => new(
        s.Epochs, s.BatchSize, s.BaseLr, s.Momentum, s.WeightDecay, s.WarmupEpochs, s.Stage1Epoch, s.Stage2Epoch, s.Policy, s.Beta);

    private static ScheduleSpec ToDomain(ScheduleSpecV1 s) => new(
        s.Epochs, s.BatchSize, s.BaseLr, s.Momentum, s.WeightDecay, s.WarmupEpochs, s.Stage1Epoch, s.Stage2Epoch, s.Policy, s.Beta);

    private static MunitJobSpecV1 ToPersisted(MunitJobSpec m) => new(
        m.Steps, m.IterationsPerBlock,
        new MunitHyperParametersV1(m.Hyper.Lr, m.Hyper.Beta1, m.Hyper.Beta2, m.Hyper.WeightDecay, m.Hyper.LrStepSize, m.Hyper.LrGamma,
            m.Hyper.GanWeight, m.Hyper.ReconXWeight, m.Hyper.ReconSWeight, m.Hyper.ReconCWeight, m.Hyper.ReconXCycWeight, m.Hyper.VggWeight),
        m.Generator is { } g ? new MunitGeneratorOptionsV1(g.InputChannels, g.Dim, g.StyleDim, g.MlpDim, g.Downsamplings, g.ResBlocks, g.ContentChannels) : null,
        m.Discriminator is { } d ? new MunitDiscriminatorOptionsV1(d.InputChannels, d.Dim, d.Layers) : null,
        m.Translation, m.BatchSize);

    private static MunitJobSpec ToDomain(MunitJobSpecV1 m) => new(
        m.Steps, m.IterationsPerBlock,
        new MunitHyperParameters(m.Hyper.Lr, m.Hyper.Beta1, m.Hyper.Beta2, m.Hyper.WeightDecay, m.Hyper.LrStepSize, m.Hyper.LrGamma,
            m.Hyper.GanWeight, m.Hyper.ReconXWeight, m.Hyper.ReconSWeight, m.Hyper.ReconCWeight, m.Hyper.ReconXCycWeight, m.Hyper.VggWeight),
        m.Generator is { } g ? new MunitGeneratorOptions(g.InputChannels, g.Dim, g.StyleDim, g.MlpDim, g.Downsamplings, g.ResBlocks) : null,
        m.Discriminator is { } d ? new MunitDiscriminatorOptions(d.InputChannels, d.Dim, d.Layers) : null,
        m.Translation, m.BatchSize);
}
