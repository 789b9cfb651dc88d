using static TorchSharp.torch;

namespace GitActors.Models.Networks;

/// <summary>
/// The "proper ResNet for CIFAR" (He et al. 2016, SPEC 3): stem conv3x3 -> 16, BN, ReLU; three stages of basic blocks
/// (widths 16/32/64, strides 1/2/2, option A shortcuts); global average pool; linear (or cosine) head.
/// ResNet20 has 3 blocks per stage, ResNet32 has 5.
/// </summary>
public sealed class CifarResNet : nn.Module<Tensor, Tensor>
{
    private static readonly int[] StageWidths = [16, 32, 64];
    private static readonly int[] StageStrides = [1, 2, 2];

    // Field names are the state-dict keys; they match Idelbayev's resnet.py (conv1, bn1, layer1..3, linear).
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly nn.Module<Tensor, Tensor> linear;

    public CifarResNet(int blocksPerStage, int inChannels, int classCount, bool normedHead, long initSeed = 0)
        : base($"ResNet{6 * blocksPerStage + 2}")
    {
        if (blocksPerStage < 1) throw new ArgumentOutOfRangeException(nameof(blocksPerStage), "at least one block per stage");
        if (inChannels < 1) throw new ArgumentOutOfRangeException(nameof(inChannels));
        if (classCount < 2) throw new ArgumentOutOfRangeException(nameof(classCount), "a classifier needs at least 2 classes");

        conv1 = nn.Conv2d(inChannels, StageWidths[0], kernel_size: 3, stride: 1, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(StageWidths[0]);
        var inPlanes = StageWidths[0];
        var stages = new Sequential[3];
        for (var stage = 0; stage < 3; stage++)
        {
            var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
            for (var b = 0; b < blocksPerStage; b++)
            {
                var stride = b == 0 ? StageStrides[stage] : 1;
                blocks.Add((b.ToString(), new BasicBlock("BasicBlock", inPlanes, StageWidths[stage], stride)));
                inPlanes = StageWidths[stage];
            }
            stages[stage] = nn.Sequential(blocks);
        }
        (layer1, layer2, layer3) = (stages[0], stages[1], stages[2]);
        linear = normedHead ? new NormedLinear(inPlanes, classCount) : nn.Linear(inPlanes, classCount);
        RegisterComponents();
        using var init = new Generator((ulong)initSeed);
        ClassifierInit.Apply(this, ClassifierInit.Scheme.KaimingNormalWeights, init);
    }

    /// <summary>3 blocks per stage: 0.27 M parameters (K49, 1 channel, 49 classes).</summary>
    public static CifarResNet ResNet20(int inChannels, int classCount, bool normedHead = false, long initSeed = 0) =>
        new(3, inChannels, classCount, normedHead, initSeed);

    /// <summary>5 blocks per stage: 0.46 M parameters (CIFAR-10, 3 channels).</summary>
    public static CifarResNet ResNet32(int inChannels, int classCount, bool normedHead = false, long initSeed = 0) =>
        new(5, inChannels, classCount, normedHead, initSeed);

    /// <summary>
    /// Run on NHWC activations (the input included) when on the CPU: libtorch 2.10's oneDNN convolves NHWC directly
    /// instead of reordering every activation (`gitactors bench train`). Batch norm then goes through
    /// ChannelsLastBatchNorm, whose gradients are as accurate as the default layout's (ChannelsLastTests). Weights keep
    /// their default layout, so checkpoints are unaffected. Default: on wherever oneDNN convolves (ChannelsLast.PreferredOnCpu).
    /// </summary>
    public bool ChannelsLastOnCpu { get; set; } = ChannelsLast.PreferredOnCpu;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        if (ChannelsLastOnCpu && x.device_type == TorchSharp.DeviceType.CPU) x = ChannelsLast.Of(x);
        var features = ChannelsLastBatchNorm.Forward(bn1, conv1.forward(x)).relu_();
        features = layer3.forward(layer2.forward(layer1.forward(features)));
        var pooled = features.mean([2, 3]);
        return linear.forward(pooled).MoveToOuterDisposeScope();
    }
}
