namespace GitActors.Models;

/// <summary>The lower-case names users write in sweep files and on the command line, both ways.</summary>
public static class ConfigNames
{
    private static readonly Dictionary<string, ModelKind> Models = new()
    {
        ["simplecnn"] = ModelKind.SimpleCnn,
        ["resnet20"] = ModelKind.ResNet20,
        ["resnet32"] = ModelKind.ResNet32,
    };

    private static readonly Dictionary<string, LossKind> Losses = new()
    {
        ["ce"] = LossKind.CrossEntropy,
        ["focal"] = LossKind.Focal,
        ["ldam"] = LossKind.Ldam,
    };

    private static readonly Dictionary<string, TrainRule> Rules = new()
    {
        ["none"] = TrainRule.None,
        ["rs"] = TrainRule.Rs,
        ["cbrs"] = TrainRule.CbRs,
        ["cbrw"] = TrainRule.CbRw,
        ["drw"] = TrainRule.Drw,
        ["drs"] = TrainRule.Drs,
    };

    private static readonly Dictionary<string, AugmentKind> Augments = new()
    {
        ["none"] = AugmentKind.None,
        ["oracle"] = AugmentKind.Oracle,
        ["git"] = AugmentKind.Git,
        ["randaugment"] = AugmentKind.RandAugment,
    };

    private static readonly Dictionary<string, LrPolicy> Policies = new()
    {
        ["step"] = LrPolicy.Step,
        ["cosine"] = LrPolicy.Cosine,
    };

    public static IReadOnlyCollection<string> ModelNames => Models.Keys;
    public static IReadOnlyCollection<string> LossNames => Losses.Keys;
    public static IReadOnlyCollection<string> RuleNames => Rules.Keys;
    public static IReadOnlyCollection<string> AugmentNames => Augments.Keys;
    public static IReadOnlyCollection<string> PolicyNames => Policies.Keys;

    public static ModelKind ParseModel(string name) => Parse(Models, name, "model");
    public static LossKind ParseLoss(string name) => Parse(Losses, name, "loss");
    public static TrainRule ParseRule(string name) => Parse(Rules, name, "train rule");
    public static AugmentKind ParseAugment(string name) => Parse(Augments, name, "augmentation");
    public static LrPolicy ParsePolicy(string name) => Parse(Policies, name, "lr policy");

    public static string Name(ModelKind value) => NameOf(Models, value);
    public static string Name(LossKind value) => NameOf(Losses, value);
    public static string Name(TrainRule value) => NameOf(Rules, value);
    public static string Name(AugmentKind value) => NameOf(Augments, value);
    public static string Name(LrPolicy value) => NameOf(Policies, value);

    /// <summary>The paper's method name: "erm", "ce+drs", "ldam+drs+git", "ce+drs+oracle".</summary>
    public static string MethodName(LossKind loss, TrainRule rule, AugmentKind augment)
    {
        if (loss == LossKind.CrossEntropy && rule == TrainRule.None && augment == AugmentKind.None) return "erm";
        var name = Name(loss) + (rule == TrainRule.None ? "" : "+" + Name(rule));
        return augment == AugmentKind.None ? name : name + "+" + Name(augment);
    }

    private static T Parse<T>(Dictionary<string, T> table, string name, string what) =>
        table.TryGetValue(name.Trim().ToLowerInvariant(), out var value)
            ? value
            : throw new ArgumentException($"unknown {what} '{name}'; expected one of: {string.Join(", ", table.Keys)}");

    private static string NameOf<T>(Dictionary<string, T> table, T value) where T : struct, Enum =>
        table.First(pair => EqualityComparer<T>.Default.Equals(pair.Value, value)).Key;
}
