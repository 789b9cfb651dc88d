using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GitActors.Models.Networks;

/// <summary>
/// He et al.'s basic block for CIFAR: two 3x3 convolutions with batch norm, and the parameter-free "option A"
/// shortcut (subsample by 2, zero-pad channels) wherever the shape changes, as in Idelbayev's resnet.py.
/// </summary>
internal sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    // Field names are the state-dict keys; they match Idelbayev's so checkpoints line up with PyTorch's.
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly bool _optionAShortcut;
    private readonly long[] _channelPad;

    public BasicBlock(string name, int inPlanes, int planes, int stride) : base(name)
    {
        conv1 = nn.Conv2d(inPlanes, planes, kernel_size: 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, kernel_size: 3, stride: 1, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        _optionAShortcut = stride != 1 || inPlanes != planes;
        if (_optionAShortcut && (stride != 2 || planes != 2 * inPlanes))
            throw new ArgumentException($"option A shortcut needs stride 2 and doubled width, got {inPlanes}->{planes} stride {stride}");
        // F.pad's list runs from the last dimension backwards: (W left, W right, H top, H bottom, C front, C back).
        _channelPad = [0, 0, 0, 0, planes / 4, planes / 4];
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var output = ChannelsLastBatchNorm.Forward(bn1, conv1.forward(x)).relu_();
        output = ChannelsLastBatchNorm.Forward(bn2, conv2.forward(output));
        output.add_(_optionAShortcut ? Shortcut(x) : x);
        return output.relu_();
    }

    private Tensor Shortcut(Tensor x)
    {
        var every2nd = TensorIndex.Slice(null, null, 2);
        using var subsampled = x[TensorIndex.Colon, TensorIndex.Colon, every2nd, every2nd];
        return F.pad(subsampled, _channelPad);
    }
}
