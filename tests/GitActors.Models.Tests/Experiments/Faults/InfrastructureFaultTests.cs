using GitActors.Models.Experiments.Faults;

namespace GitActors.Models.Tests.Experiments.Faults;

public sealed class InfrastructureFaultTests
{
    public static TheoryData<Exception> OfTheMachine() => new(
        new IOException("No space left on device"),
        new UnauthorizedAccessException("Access to the path '/out/checkpoints' is denied."),
        new DirectoryNotFoundException("Could not find a part of the path '/mnt/shared/out'"),
        new InvalidOperationException("could not write the bank", new IOException("Input/output error")),
        new AggregateException(new InvalidOperationException("first"), new UnauthorizedAccessException("read-only file system")));

    public static TheoryData<Exception> OfTheRun() => new(
        new NonFiniteLossException(2, 1, double.NaN),
        new InvalidOperationException("fake transient failure"),
        new OutOfMemoryException(),
        // Bad bytes are the run's input, whatever the exception derives from or wraps.
        new DataFormatException("/data/train.npz", 12, "a .npy header", "PK"),
        new DataFormatException("/data/train.gz", 40, "more bytes", "end of file", new EndOfStreamException()),
        new InvalidDataException("/out/e2.ckpt: not a GitActors classifier checkpoint"),
        new EndOfStreamException("Unable to read beyond the end of the stream."),
        new IOException("reading the checkpoint failed", new InvalidDataException("truncated")));

    [Theory]
    [MemberData(nameof(OfTheMachine))]
    public void An_io_or_permission_fault_anywhere_in_the_chain_is_the_machines(Exception e) =>
        Assert.True(InfrastructureFault.Is(e), $"{e.GetType().Name}: {e.Message}");

    [Theory]
    [MemberData(nameof(OfTheRun))]
    public void Failures_of_the_model_and_bad_data_are_the_runs(Exception e) =>
        Assert.False(InfrastructureFault.Is(e), $"{e.GetType().Name}: {e.Message}");
}
