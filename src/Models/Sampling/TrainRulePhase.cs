namespace GitActors.Models.Sampling;

/// <summary>How an epoch draws its examples.</summary>
public enum SamplingMode
{
    /// <summary>A fresh permutation of the training set.</summary>
    Uniform,

    /// <summary>With replacement, p(i) proportional to 1 / n_{y_i} (RS, and DRS after the switch).</summary>
    InverseFrequency,

    /// <summary>With replacement, p(i) proportional to the effective-number weight of y_i (CB-RS).</summary>
    EffectiveNumber,
}

/// <summary>
/// What a train rule does in a given epoch (SPEC 5). Epochs are 1-based; the delayed rules switch after epoch s1,
/// i.e. from epoch s1 + 1 on, as the LDAM-DRW reference (0-based epoch // s1) does.
/// </summary>
public static class TrainRulePhase
{
    public static bool IsAfterSwitch(int epoch, int stage1Epoch) => epoch > stage1Epoch;

    public static SamplingMode Sampling(TrainRule rule, int epoch, int stage1Epoch) => rule switch
    {
        TrainRule.Rs => SamplingMode.InverseFrequency,
        TrainRule.CbRs => SamplingMode.EffectiveNumber,
        TrainRule.Drs when IsAfterSwitch(epoch, stage1Epoch) => SamplingMode.InverseFrequency,
        _ => SamplingMode.Uniform,
    };

    /// <summary>Whether the loss carries effective-number class weights this epoch (CB-RW always, DRW after s1).</summary>
    public static bool UsesClassWeights(TrainRule rule, int epoch, int stage1Epoch) => rule switch
    {
        TrainRule.CbRw => true,
        TrainRule.Drw => IsAfterSwitch(epoch, stage1Epoch),
        _ => false,
    };
}
