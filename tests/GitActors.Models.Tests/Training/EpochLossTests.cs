namespace GitActors.Models.Tests.Training;

public sealed class EpochLossTests
{
    [Fact]
    public void The_epoch_loss_is_the_mean_over_images_so_a_short_last_batch_counts_for_its_rows()
    {
        var loss = new EpochLoss();
        Assert.True(double.IsNaN(loss.Mean));

        loss.Add(1.0, 16);
        loss.Add(4.0, 3);

        // (16 x 1.0 + 3 x 4.0) / 19 = 28 / 19; the mean over batches would be 2.5.
        Assert.Equal(28.0 / 19.0, loss.Mean, 15);
        Assert.Equal((2, 19L), (loss.Steps, loss.Images));
        Assert.Throws<ArgumentOutOfRangeException>(() => loss.Add(1.0, 0));

        loss.Reset();
        Assert.Equal((0, 0L), (loss.Steps, loss.Images));
        Assert.True(double.IsNaN(loss.Mean));
    }
}
