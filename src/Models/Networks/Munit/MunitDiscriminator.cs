using static TorchSharp.torch;

namespace GitActors.Models.Networks.Munit;

/// <summary>
/// MUNIT's MsImageDis with one scale, LSGAN: conv4x4 stride 2 (dim, 2dim, 4dim, 8dim; LeakyReLU 0.2, no norm) -> conv1x1
/// to a 1-channel patch map.
/// </summary>
public sealed class MunitDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<MunitConvBlock> blocks = new();
    private readonly Conv2d score;

    public MunitDiscriminator(MunitDiscriminatorOptions options, string name = "munit_discriminator") : base(name)
    {
        options.Validate();
        Options = options;
        var dim = options.Dim;
        blocks.Add(new MunitConvBlock("layer0", options.InputChannels, dim, 4, 2, 1, MunitNorm.None, MunitActivation.LeakyRelu));
        for (var i = 1; i < options.Layers; i++, dim *= 2)
            blocks.Add(new MunitConvBlock($"layer{i}", dim, 2 * dim, 4, 2, 1, MunitNorm.None, MunitActivation.LeakyRelu));
        score = nn.Conv2d(dim, 1, 1, bias: true);
        RegisterComponents();
    }

    public MunitDiscriminatorOptions Options { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = x;
        foreach (var block in blocks) y = block.forward(y);
        return score.forward(y).MoveToOuterDisposeScope();
    }

    /// <summary>LSGAN loss for D: mean((D(fake) - 0)^2) + mean((D(real) - 1)^2).</summary>
    public Tensor CalcDisLoss(Tensor fake, Tensor real)
    {
        using var scope = NewDisposeScope();
        // One forward over [fake; real]: D has no batch statistics, so this equals two separate passes.
        var outputs = forward(cat([fake, real], 0));
        var batch = fake.shape[0];
        var loss = outputs[..(int)batch].square().mean() + (outputs[(int)batch..] - 1).square().mean();
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>LSGAN loss for G: mean((D(fake) - 1)^2).</summary>
    public Tensor CalcGenLoss(Tensor fake)
    {
        using var scope = NewDisposeScope();
        return (forward(fake) - 1).square().mean().MoveToOuterDisposeScope();
    }
}
