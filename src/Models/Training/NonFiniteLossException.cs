namespace GitActors.Models.Training;

/// <summary>A step produced NaN or infinite loss; the run fails with this reason and the sweep goes on.</summary>
public sealed class NonFiniteLossException(int epoch, int step, double loss)
    : Exception($"non-finite loss {loss} at epoch {epoch}, step {step}")
{
    public int Epoch { get; } = epoch;
    public int Step { get; } = step;
}
