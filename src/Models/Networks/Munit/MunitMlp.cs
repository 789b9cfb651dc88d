using static TorchSharp.torch;

namespace GitActors.Models.Networks.Munit;

/// <summary>Style code -> AdaIN parameters: linear-ReLU, linear-ReLU, linear (MUNIT's MLP with 3 blocks, no norm).</summary>
public sealed class MunitMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear input;
    private readonly Linear hidden;
    private readonly Linear output;

    public MunitMlp(string name, int styleDim, int width, int outputs) : base(name)
    {
        input = nn.Linear(styleDim, width);
        hidden = nn.Linear(width, width);
        output = nn.Linear(width, outputs);
        RegisterComponents();
    }

    public override Tensor forward(Tensor style)
    {
        using var flat = style.reshape(style.shape[0], -1);
        using var h1 = input.forward(flat).relu_();
        using var h2 = hidden.forward(h1).relu_();
        return output.forward(h2);
    }
}
