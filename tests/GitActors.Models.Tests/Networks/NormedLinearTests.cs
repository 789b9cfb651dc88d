using static TorchSharp.torch;

namespace GitActors.Models.Tests.Networks;

public sealed class NormedLinearTests
{
    [Fact]
    public void Starts_with_unit_columns_and_no_bias()
    {
        using var head = new NormedLinear(64, 7);
        var parameters = head.parameters().ToArray();
        Assert.Single(parameters);
        Assert.Equal(new long[] { 64, 7 }, parameters[0].shape);
        using var norms = parameters[0].norm(0);
        Assert.True(norms.allclose(ones(7), rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Logits_are_cosines_between_features_and_weight_columns()
    {
        using var head = new NormedLinear(3, 2);
        var w = head.parameters().Single();
        using (no_grad()) w.copy_(tensor(new float[] { 1, 0, 0, 2, 0, -3 }).reshape(3, 2)); // columns (1,0,0) and (0,2,-3)
        using var x = tensor(new float[] { 3, 4, 0, 0, 0, 5 }).reshape(2, 3);
        using var logits = head.forward(x);
        // cos((3,4,0),(1,0,0)) = 3/5; cos((3,4,0),(0,2,-3)) = 8/(5*sqrt 13); cos((0,0,5),(1,0,0)) = 0; cos((0,0,5),(0,2,-3)) = -3/sqrt 13
        var expected = new[] { 0.6, 8 / (5 * Math.Sqrt(13)), 0, -3 / Math.Sqrt(13) };
        var actual = logits.flatten().data<float>().ToArray();
        for (var i = 0; i < 4; i++) Assert.Equal(expected[i], actual[i], 5);
    }
}
