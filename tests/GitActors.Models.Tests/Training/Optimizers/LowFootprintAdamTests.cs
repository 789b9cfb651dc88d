using GitActors.Models.Training.Optimizers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GitActors.Models.Tests.Training.Optimizers;

[Collection(GitActors.Models.Tests.Torch.TorchGlobalRngCollection.Name)]
public sealed class LowFootprintAdamTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-4)]
    public void Updates_are_bit_identical_to_torchsharp_adam_and_a_saved_state_resumes_exactly(double weightDecay)
    {
        using var ours = new Parameter(randn(3, 4, generator: new Generator(1)));
        using var theirs = new Parameter(ours.detach().clone());
        using var optimizer = new LowFootprintAdam([ours], lr: 1e-2, beta1: 0.5, beta2: 0.999, weightDecay: weightDecay);
        using var reference = optim.Adam([theirs], 1e-2, 0.5, 0.999, weight_decay: weightDecay);
        using var random = new Generator(2);
        for (var step = 0; step < 5; step++)
        {
            using var target = randn(3, 4, generator: random);
            foreach (var (parameter, opt) in new (Parameter, optim.Optimizer)[] { (ours, optimizer), (theirs, reference) })
            {
                opt.zero_grad();
                using var loss = parameter.sub(target).pow(2).sum();
                loss.backward();
                opt.step();
            }
            Assert.True(ours.eq(theirs).all().item<bool>(), $"step {step + 1}: parameters differ");
        }

        // A saved state continues exactly where the optimizer left off.
        using var saved = new MemoryStream();
        optimizer.save_state_dict(new BinaryWriter(saved));
        saved.Position = 0;
        using var continued = new Parameter(ours.detach().clone());
        using var resumed = new LowFootprintAdam([continued], lr: 1e-2, beta1: 0.5, beta2: 0.999, weightDecay: weightDecay);
        resumed.load_state_dict(new BinaryReader(saved));
        foreach (var (parameter, opt) in new (Parameter, optim.Optimizer)[] { (ours, optimizer), (continued, resumed) })
        {
            opt.zero_grad();
            using var loss = parameter.pow(2).sum();
            loss.backward();
            opt.step();
        }
        Assert.True(ours.eq(continued).all().item<bool>());
    }

    [Fact]
    public void Parameters_without_a_gradient_are_left_alone()
    {
        using var used = new Parameter(ones(2));
        using var unused = new Parameter(ones(2));
        using var optimizer = new LowFootprintAdam([used, unused], lr: 0.1, beta1: 0.9, beta2: 0.999);
        using var loss = used.sum();
        loss.backward();
        optimizer.step();
        Assert.True(used.lt(1).all().item<bool>());
        Assert.True(unused.eq(1).all().item<bool>());
    }
}
