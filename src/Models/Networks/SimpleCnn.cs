using static TorchSharp.torch;

namespace GitActors.Models.Networks;

/// <summary>
/// The paper's non-ResNet check (appendix C.2): four blocks of [conv3x3 pad 1 -> BN -> ReLU -> maxpool 2] at width 64,
/// then one linear layer on the flattened map. Pooling floors, so 28x28 input goes 28 -> 14 -> 7 -> 3 -> 1.
/// The paper does not name an init, so layers keep PyTorch's defaults.
/// </summary>
public sealed class SimpleCnn : nn.Module<Tensor, Tensor>
{
    public const int HiddenWidth = 64;
    private const int BlockCount = 4;

    private readonly Sequential features;
    private readonly nn.Module<Tensor, Tensor> linear;

    public SimpleCnn(int inChannels, int classCount, int imageSize, bool normedHead = false, long initSeed = 0) : base(nameof(SimpleCnn))
    {
        if (inChannels < 1) throw new ArgumentOutOfRangeException(nameof(inChannels));
        if (classCount < 2) throw new ArgumentOutOfRangeException(nameof(classCount), "a classifier needs at least 2 classes");
        var side = FinalSide(imageSize);

        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var channels = inChannels;
        for (var b = 0; b < BlockCount; b++)
        {
            layers.Add(($"conv{b}", nn.Conv2d(channels, HiddenWidth, kernel_size: 3, padding: 1)));
            layers.Add(($"bn{b}", nn.BatchNorm2d(HiddenWidth)));
            layers.Add(($"relu{b}", nn.ReLU(inplace: true)));
            layers.Add(($"pool{b}", nn.MaxPool2d(kernel_size: 2)));
            channels = HiddenWidth;
        }
        features = nn.Sequential(layers);
        var flat = HiddenWidth * side * side;
        linear = normedHead ? new NormedLinear(flat, classCount) : nn.Linear(flat, classCount);
        RegisterComponents();
        using var init = new Generator((ulong)initSeed);
        ClassifierInit.Apply(this, ClassifierInit.Scheme.PyTorchDefault, init);
    }

    /// <summary>Side of the last feature map: four floor-halvings of the input side.</summary>
    public static int FinalSide(int imageSize)
    {
        var side = imageSize;
        for (var b = 0; b < BlockCount; b++) side /= 2;
        return side >= 1
            ? side
            : throw new ArgumentOutOfRangeException(nameof(imageSize), $"{imageSize}px images vanish after {BlockCount} poolings; need at least 16px");
    }

    /// <summary>
    /// Run on NHWC activations (the input included) when on the CPU: libtorch 2.10's oneDNN convolves NHWC directly
    /// instead of reordering every activation (`gitactors bench train`). Batch norm then goes through
    /// ChannelsLastBatchNorm (ChannelsLastTests). Weights keep their default layout, so checkpoints are unaffected.
    /// Default: on wherever oneDNN convolves (ChannelsLast.PreferredOnCpu).
    /// </summary>
    public bool ChannelsLastOnCpu { get; set; } = ChannelsLast.PreferredOnCpu;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var map = ChannelsLastOnCpu && x.device_type == TorchSharp.DeviceType.CPU ? ChannelsLast.Of(x) : x;
        foreach (var layer in features.children().Cast<nn.Module<Tensor, Tensor>>())
            map = layer is BatchNorm2d norm ? ChannelsLastBatchNorm.Forward(norm, map) : layer.forward(map);
        return linear.forward(map.flatten(1)).MoveToOuterDisposeScope();
    }
}
