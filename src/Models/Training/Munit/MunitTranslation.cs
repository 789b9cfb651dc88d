namespace GitActors.Models.Training.Munit;

/// <summary>
/// Which of a trained MUNIT's networks make the learned T~(.|x) (SPEC 6). The paper keeps G_{A->B}: MUNIT's a2b
/// translation, gen_a's content encoder with gen_b's MLP and decoder. That is the path training exercises with random
/// styles (x_ab, judged by dis_b and held to x's content by the content reconstruction loss). The reference code
/// encodes and decodes with gen_a alone, a pairing that sees random styles only with gen_b's content codes.
/// </summary>
public enum MunitTranslation
{
    AToB,
    SameGenerator,
}

/// <summary>Names of <see cref="MunitTranslation"/> in sweep files, on the command line and in generator files.</summary>
public static class MunitTranslationNames
{
    public const string AToB = "a-to-b";
    public const string SameGenerator = "same-generator";

    public static string Name(MunitTranslation translation) => translation switch
    {
        MunitTranslation.AToB => AToB,
        MunitTranslation.SameGenerator => SameGenerator,
        _ => throw new ArgumentOutOfRangeException(nameof(translation), translation, "unknown MUNIT translation"),
    };

    public static MunitTranslation? TryParse(string? name) => name switch
    {
        AToB => MunitTranslation.AToB,
        SameGenerator => MunitTranslation.SameGenerator,
        _ => null,
    };

    public static MunitTranslation Parse(string name) => TryParse(name)
        ?? throw new ArgumentException($"unknown MUNIT translation '{name}' (expected {AToB} or {SameGenerator})");
}
