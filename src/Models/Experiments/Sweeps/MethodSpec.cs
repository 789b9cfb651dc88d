using GitActors.Models;

namespace GitActors.Models.Experiments.Sweeps;

/// <summary>A paper method name ("erm", "ce+drs", "ldam+drs+git", "focal+cbrw") as its loss, train rule and augmentation.</summary>
public sealed record MethodSpec(LossKind Loss, TrainRule Rule, AugmentKind Augment)
{
    public string Name => ConfigNames.MethodName(Loss, Rule, Augment);

    /// <summary>"erm", or loss[+rule][+augment] in that order; each part at most once.</summary>
    public static MethodSpec Parse(string text)
    {
        var name = text.Trim().ToLowerInvariant();
        if (name == "erm") return new MethodSpec(LossKind.CrossEntropy, TrainRule.None, AugmentKind.None);

        var parts = name.Split('+');
        if (parts.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException($"method '{text}' has an empty part; write loss[+rule][+augmentation], e.g. ce+drs+git");

        var loss = ConfigNames.ParseLoss(parts[0]);
        TrainRule? rule = null;
        AugmentKind? augment = null;
        foreach (var part in parts.Skip(1))
        {
            if (augment is null && rule is null && ConfigNames.RuleNames.Contains(part)) rule = ConfigNames.ParseRule(part);
            else if (augment is null && ConfigNames.AugmentNames.Contains(part)) augment = ConfigNames.ParseAugment(part);
            else
                throw new ArgumentException(
                    $"method '{text}': '{part}' is not a train rule ({string.Join(", ", ConfigNames.RuleNames)}) " +
                    $"or augmentation ({string.Join(", ", ConfigNames.AugmentNames)}) in loss[+rule][+augmentation] order");
        }
        return new MethodSpec(loss, rule ?? TrainRule.None, augment ?? AugmentKind.None);
    }
}
