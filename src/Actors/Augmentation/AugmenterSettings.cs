namespace GitActors.Actors.Augmentation;

/// <summary>
/// gitactors.augmenters: PoolSize augmenter actors (one generator and one thread each) on Device ("auto": the first
/// CUDA device when there is one, else the CPU); a requester never has more than MaxInFlightPerRequester requests
/// being transformed at once, the rest wait in the pool's queue.
/// </summary>
public sealed record AugmenterSettings(int PoolSize = 1, int MaxInFlightPerRequester = 2, string Device = "auto")
{
    public const string Dispatcher = "gitactors.augmenter-dispatcher";

    public static AugmenterSettings FromConfig(Config config)
    {
        var settings = new AugmenterSettings(
            config.GetInt("gitactors.augmenters.pool-size", 1),
            config.GetInt("gitactors.augmenters.max-in-flight-per-requester", 2),
            config.GetString("gitactors.augmenters.device", "auto"));
        if (settings.PoolSize < 1 || settings.MaxInFlightPerRequester < 1)
            throw new ArgumentException($"gitactors.augmenters: pool-size and max-in-flight-per-requester must be at least 1 ({settings})");
        return settings;
    }

    public string ResolvedDevice => Device == "auto" ? (Models.Torch.TorchRuntime.CudaAvailable ? "cuda" : "cpu") : Device;
}
