namespace GitActors.Models;

/// <summary>The paper's schedule per dataset family, and its shape kept when a run is shortened.</summary>
public static class ScheduleDefaults
{
    /// <summary>CIFAR-LT and GTSRB-LT use 200/160/180; K49-LT and the built-in Fashion-MNIST variants 50/30/40.</summary>
    public static ScheduleSpec ForDataset(string dataset)
    {
        var name = dataset.ToLowerInvariant();
        return name.StartsWith("cifar", StringComparison.Ordinal) || name.StartsWith("gtsrb", StringComparison.Ordinal)
            ? ScheduleSpec.Cifar
            : ScheduleSpec.K49;
    }

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
