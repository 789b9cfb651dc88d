namespace GitActors.Models.Training;

/// <summary>
/// Learning rate as a pure function of the 1-based epoch (TorchSharp schedulers keep no state dict, and a resumed run
/// must get the same rate). Step policy as LDAM-DRW: linear warm-up base*e/W for e &lt;= W, x0.01 after s1, x0.0001 after s2.
/// Cosine policy: the same warm-up, then half a cosine from base to 0 over the remaining epochs.
/// </summary>
public static class LrSchedule
{
    public static double At(ScheduleSpec schedule, int epoch)
    {
        if (epoch < 1) throw new ArgumentOutOfRangeException(nameof(epoch), "epochs are 1-based");
        var baseLr = schedule.BaseLr;
        if (schedule.WarmupEpochs > 0 && epoch <= schedule.WarmupEpochs) return baseLr * epoch / schedule.WarmupEpochs;
        return schedule.Policy switch
        {
            LrPolicy.Step when epoch > schedule.Stage2Epoch => baseLr * 0.0001,
            LrPolicy.Step when epoch > schedule.Stage1Epoch => baseLr * 0.01,
            LrPolicy.Step => baseLr,
            LrPolicy.Cosine => Cosine(schedule, epoch),
            _ => throw new ArgumentOutOfRangeException(nameof(schedule)),
        };
    }

    private static double Cosine(ScheduleSpec schedule, int epoch)
    {
        var span = Math.Max(1, schedule.Epochs - schedule.WarmupEpochs);
        var progress = (double)(epoch - schedule.WarmupEpochs - 1) / span;
        return schedule.BaseLr * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
