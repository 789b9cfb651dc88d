namespace GitActors.Host.Commands.Bench;

/// <summary>Table cells for figures that are missing when the PyTorch peer is not installed.</summary>
internal static class BenchFormat
{
    public static string Figure(double? value, string format) => value is { } v ? v.ToString(format) : "-";

    public static string Ratio(double? value) => value is { } v ? $"{v:F2}x" : "-";
}
