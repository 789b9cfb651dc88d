using System.Globalization;
using GitActors.Models.Experiments.Reports;
using Spectre.Console;

namespace GitActors.Host.Reports;

/// <summary>`report --claims` as a table: one row per claim, dataset and comparison.</summary>
internal static class ClaimsConsole
{
    public static void Write(IAnsiConsole console, ClaimsReport report)
    {
        console.MarkupLine($"paper claims on sweep [bold]{Markup.Escape(report.Name)}[/] {report.SweepId} " +
                           "(small classes: the ceil(C/3) smallest; eKLD under the true nuisance; 95% Student-t intervals)");
        var table = new Table().AddColumns("claim", "dataset", "comparison", "statistic", "mean ± SE", "95% interval", "claimed way", "verdict");
        foreach (var c in report.Checks)
            table.AddRow(
                Markup.Escape($"({c.Id}) {c.Claim}"), Markup.Escape(c.Dataset), Markup.Escape(c.Comparison), Markup.Escape(c.Statistic),
                c.Count == 0 ? "-" : $"{c.Mean:G4} ± {c.StandardError:G3}",
                c.Count < 2 ? "-" : Markup.Escape($"[{c.Lower:G4}, {c.Upper:G4}]"),
                $"{c.PointingTheClaimedWay} of {c.Count}",
                c.Verdict switch
                {
                    ClaimVerdict.Holds => "[green]holds[/]",
                    ClaimVerdict.DoesNotHold => "[red]does not hold[/]",
                    _ => "not measured",
                });
        console.Write(table);
        if (report.Cost.Count == 0) return;

        console.MarkupLine("GIT's cost: wall-clock training time from the journal, GIT runs against the same runs without GIT; " +
                           "amortised adds each GIT run's share of the bank job whose bank it reads (git.bank-styles); the MUNIT share adds its part of the MUNIT job as well");
        var cost = new Table().AddColumns("dataset", "comparison", "pairs", "plain s", "GIT s", "bank s (shared by)", "MUNIT s (shared by)", "GIT / plain", "amortised", "amortised per pair", "with MUNIT share");
        foreach (var c in report.Cost)
            cost.AddRow(
                Markup.Escape(c.Dataset), Markup.Escape(c.Comparison), c.Pairs.ToString(CultureInfo.InvariantCulture),
                c.PlainSeconds.ToString("F0", CultureInfo.InvariantCulture), c.GitSeconds.ToString("F0", CultureInfo.InvariantCulture),
                c.GitRunsSharingBank == 0 ? "-" : $"{c.BankSeconds.ToString("F0", CultureInfo.InvariantCulture)} ({c.GitRunsSharingBank})",
                $"{c.MunitSeconds.ToString("F0", CultureInfo.InvariantCulture)} ({c.GitRunsSharingGenerator})",
                $"{c.Ratio.ToString("F2", CultureInfo.InvariantCulture)}x", $"{c.AmortisedRatio.ToString("F2", CultureInfo.InvariantCulture)}x",
                string.Join(" ", c.AmortisedRatios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture))),
                $"{c.RatioWithMunitShare.ToString("F2", CultureInfo.InvariantCulture)}x");
        console.Write(cost);
    }
}
