namespace GitActors.Models.Training;

/// <summary>Where a run stands, for progress bars: 1-based epoch, 0-based step, throughput and time left.</summary>
public sealed record TrainingProgress(
    int Epoch, int TotalEpochs, int Step, int StepsPerEpoch, double Loss, double ImagesPerSecond, TimeSpan Elapsed)
{
    public double Fraction => ((Epoch - 1) * (double)StepsPerEpoch + Step + 1) / Math.Max(1.0, TotalEpochs * (double)StepsPerEpoch);

    public TimeSpan Eta => Fraction <= 0 ? TimeSpan.Zero : Elapsed * ((1 - Fraction) / Fraction);
}
