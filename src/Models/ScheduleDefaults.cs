namespace GitActors.Models;

/// <summary>A schedule's shape kept when a run is shortened (the per-family schedules: DatasetFamilyDefaults).</summary>
public static class ScheduleDefaults
{
    /// <summary>
    /// The same schedule over fewer (or more) epochs: warm-up and both decay points move in proportion, so a
    /// 5-epoch smoke run still warms up, switches (DRS/DRW) and decays where the full run would.
    /// </summary>
    public static ScheduleSpec WithEpochs(ScheduleSpec schedule, int epochs)
    {
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), "a run needs at least one epoch");
        if (epochs == schedule.Epochs) return schedule;
        int Scale(int epoch) => (int)Math.Round(epoch * (double)epochs / schedule.Epochs, MidpointRounding.AwayFromZero);
        return schedule with
        {
            Epochs = epochs,
            WarmupEpochs = Scale(schedule.WarmupEpochs),
            Stage1Epoch = Scale(schedule.Stage1Epoch),
            Stage2Epoch = Scale(schedule.Stage2Epoch),
        };
    }
}
