namespace GitActors.Models.Training.Munit;

/// <summary>
/// MUNIT's StepLR, derived from the iteration because TorchSharp schedulers keep no state to checkpoint.
/// <paramref name="iteration"/> counts completed iterations (0 for the first step); as in the GIT reference loop, which
/// steps the scheduler after each update, steps 0..99,999 run at the base lr and step 100,000 is the first at half.
/// </summary>
public static class MunitLrSchedule
{
    public static double LearningRate(MunitHyperParameters hyper, long iteration) =>
        LearningRate(hyper.Lr, iteration, hyper.LrStepSize, hyper.LrGamma);

    public static double LearningRate(double baseLr, long iteration, int stepSize, double gamma)
    {
        if (iteration < 0) throw new ArgumentOutOfRangeException(nameof(iteration), iteration, "iterations count from 0");
        return baseLr * Math.Pow(gamma, iteration / stepSize);
    }
}
