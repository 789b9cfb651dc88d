using GitActors.Models.Training.Munit;
using TorchSharp;

namespace GitActors.Actors.Augmentation;

/// <summary>
/// Opens the generator a MUNIT job recorded: its bytes are read once, checked against the journal's SHA-256, and the
/// network is built from those same bytes, so a file replaced between the check and the load cannot slip in.
/// </summary>
public static class RecordedGenerator
{
    public static MunitSampler Load(GeneratorRef generator, torch.Device device)
    {
        if (!CheckpointStore.TryRead(generator.Path, generator.Sha256, out var bytes, out var problem))
            throw new InvalidDataException($"generator of MUNIT job {generator.JobRunId}: {problem}");
        using var stream = new MemoryStream(bytes, writable: false);
        return MunitSampler.LoadGenerator(stream, generator.Path, device);
    }
}
