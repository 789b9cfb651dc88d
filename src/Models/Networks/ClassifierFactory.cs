using static TorchSharp.torch;

namespace GitActors.Models.Networks;

/// <summary>Builds the classifier a run names; every network maps N x C x H x W images to N x classes logits.</summary>
public static class ClassifierFactory
{
    /// <param name="normedHead">LDAM's cosine head instead of a linear one.</param>
    public static nn.Module<Tensor, Tensor> Create(ModelKind kind, int inChannels, int classCount, int imageSize, bool normedHead) =>
        kind switch
        {
            ModelKind.ResNet20 => CifarResNet.ResNet20(inChannels, classCount, normedHead),
            ModelKind.ResNet32 => CifarResNet.ResNet32(inChannels, classCount, normedHead),
            ModelKind.SimpleCnn => new SimpleCnn(inChannels, classCount, imageSize, normedHead),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown model kind"),
        };

    /// <summary>Trainable parameter count, as PyTorch's sum(p.numel()).</summary>
    public static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());
}
