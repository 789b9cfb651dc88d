using TorchSharp;

namespace GitActors.Models.Training;

/// <summary>
/// Weight initialisation draws from torch's process-wide generator. Trainers build models on several threads, so
/// seeding and construction happen under one lock: each run's initial weights depend on its seed alone.
/// </summary>
public static class TorchSeeding
{
    private static readonly Lock Gate = new();

    public static T Seeded<T>(long seed, Func<T> create)
    {
        lock (Gate)
        {
            torch.manual_seed(seed);
            return create();
        }
    }
}
