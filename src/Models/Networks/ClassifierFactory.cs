using static TorchSharp.torch;

namespace GitActors.Models.Networks;

/// <summary>Builds the classifier a run names; every network maps N x C x H x W images to N x classes logits.</summary>
public static class ClassifierFactory
{
    /// <param name="normedHead">LDAM's cosine head instead of a linear one.</param>
    /// <param name="initSeed">Seeds the generator every initial weight is drawn from (never torch's global one).</param>
    public static nn.Module<Tensor, Tensor> Create(ModelKind kind, int inChannels, int classCount, int imageSize, bool normedHead, long initSeed = 0) =>
        kind switch
        {
            ModelKind.ResNet20 => CifarResNet.ResNet20(inChannels, classCount, normedHead, initSeed),
            ModelKind.ResNet32 => CifarResNet.ResNet32(inChannels, classCount, normedHead, initSeed),
            ModelKind.SimpleCnn => new SimpleCnn(inChannels, classCount, imageSize, normedHead, initSeed),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown model kind"),
        };

    /// <summary>Trainable parameter count, as PyTorch's sum(p.numel()).</summary>
    public static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());
}
