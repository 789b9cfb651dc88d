using GitActors.Host.Output;
using GitActors.Host.Reports;
using GitActors.Models.Experiments.Reports;

namespace GitActors.Host.Tests.Reports;

/// <summary>`report --claims` prints its 95% intervals as text: "[lower, upper]" is not taken for Spectre markup.</summary>
public sealed class ClaimsConsoleTests
{
    [Fact]
    public void Intervals_in_brackets_print_as_text()
    {
        var claims = PaperClaims.Build(SyntheticSweep.Id, SyntheticSweep.Events());
        var text = new StringWriter();

        ClaimsConsole.Write(StdoutConsole.Create(text, terminal: false), claims);

        Assert.Matches(@"\[-?\d[^\]]*, -?\d[^\]]*\]", text.ToString());
    }
}
