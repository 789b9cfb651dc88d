namespace GitActors.Models.Tests.Torch;

/// <summary>
/// Test classes that seed torch's process-wide generator (torch.manual_seed), draw unseeded random tensors, or build
/// TorchSharp modules (whose default initialisation draws from that generator): they share one collection, so xunit
/// runs them one after another and no test's draws interleave with a seeded test's between its seed and its checks.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchGlobalRngCollection
{
    public const string Name = "torch-global-rng";
}
