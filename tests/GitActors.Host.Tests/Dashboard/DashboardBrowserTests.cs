using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;
using SkiaSharp;

namespace GitActors.Host.Tests.Dashboard;

/// <summary>
/// `gitactors dashboard` in a real browser (Playwright driving Debian's chromium) while a real `sweep run` process
/// trains the tiny sweep on one trainer: the page sees the second run go queued -> running -> completed without a
/// reload, its results table holds the numbers `report --json` prints, its JSON endpoints equal the CLI's --json,
/// every figure is a PNG that decodes, nothing is logged to the console, and an unknown sweep is a 404 page.
/// Set GITACTORS_DASHBOARD_SCREENSHOT=FILE to keep the sweep page's screenshot (docs/dashboard-sweep.png was taken so).
/// </summary>
public sealed partial class DashboardBrowserTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan Phase = TimeSpan.FromMinutes(3);
    private static readonly float Wait = (float)TimeSpan.FromMinutes(2).TotalMilliseconds;

    [GeneratedRegex(@"^(?<mean>\d+\.\d+)(?: ± (?<spread>\d+\.\d+))? \((?<n>\d+)\)$")]
    private static partial Regex ResultCell();

    [Fact]
    public async Task The_sweep_page_follows_a_running_sweep_and_shows_what_report_computes()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: bash .ci/setup installs Debian's chromium");
        using var temp = new TempFolder();
        var spec = temp.File("tiny.conf", TinySweep.Spec("dashboard-test"));
        var sweepId = TinySweep.SweepId(spec);
        var outFolder = Path.Combine(temp.Path, "out");

        // The dashboard first (no journal yet), then the sweep, held on one trainer before epoch 2 of its first run.
        using var dashboard = CliProcess.Start(temp.Path, "dashboard", "--out", outFolder, "--port", "0");
        await dashboard.WaitForLineAsync("dashboard at ", Phase);
        var url = Regex.Match(dashboard.Stdout, @"dashboard at (http://127\.0\.0\.1:\d+)/").Groups[1].Value;
        Assert.NotEmpty(url);
        using var sweep = CliProcess.StartHeld(temp.Path, "step:2:0", "any", "sweep", "run", spec, "--out", outFolder, "--cpu-slots", "1", "--threads-per-slot", "1");
        await sweep.WaitUntilHeldAsync("step:2:0", Phase);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1500, Height = 1000 } });
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") lock (consoleErrors) consoleErrors.Add(message.Text); };
        page.PageError += (_, error) => { lock (consoleErrors) consoleErrors.Add(error); };

        var response = await page.GotoAsync($"{url}/sweeps/{sweepId}");
        Assert.Equal(200, response!.Status);
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        var rows = page.Locator("table.runs tbody tr");
        Assert.Equal(2, await rows.CountAsync());
        var first = rows.Nth(0);
        var second = rows.Nth(1);
        await Assertions.Expect(first).ToHaveAttributeAsync("data-state", "running", new() { Timeout = Wait });
        await Assertions.Expect(second).ToHaveAttributeAsync("data-state", "queued", new() { Timeout = Wait });
        // Epoch 1 of the held run arrives through the journal while the page is open.
        await Assertions.Expect(first.Locator("td").Nth(4)).ToHaveTextAsync("1/3", new() { Timeout = Wait });

        sweep.Release();
        await Assertions.Expect(second).ToHaveAttributeAsync("data-state", "running", new() { Timeout = Wait });
        await Assertions.Expect(first).ToHaveAttributeAsync("data-state", "completed", new() { Timeout = Wait });
        await Assertions.Expect(second).ToHaveAttributeAsync("data-state", "completed", new() { Timeout = Wait });
        Assert.Equal(0, await sweep.WaitForExitAsync(Phase));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");

        // The results table: every cell holds report --json's mean (x100) and completed count.
        var plots = Path.Combine(temp.Path, "plots");
        var (code, stdout, stderr) = await CliProcess.RunAsync(temp.Path, Phase, "report", sweepId, "--out", outFolder, "--plots", plots, "--json");
        Assert.True(code == 0, stderr);
        var report = JObject.Parse(stdout);
        var table = report["report"]!["table"]!;
        var datasets = table["datasets"]!.Select(d => (string)d!).ToList();
        foreach (var row in table["rows"]!)
        {
            var method = (string)row["method"]!;
            for (var d = 0; d < datasets.Count; d++)
            {
                var cell = row["cells"]![d]!;
                var shown = page.Locator($"table.results[data-metric^='balanced'] tr[data-method='{method}'] td[data-dataset='{datasets[d]}']");
                await Assertions.Expect(shown).ToHaveTextAsync(new Regex($@"\({(int)cell["completed"]!}\)$"), new() { Timeout = Wait });
                var match = ResultCell().Match(await shown.InnerTextAsync());
                Assert.True(match.Success, await shown.InnerTextAsync());
                var mean = (double)cell["balancedAccuracy"]!["mean"]! * 100;
                Assert.Equal(mean, double.Parse(match.Groups["mean"].Value, CultureInfo.InvariantCulture), 2);
            }
        }

        // The JSON endpoints are the CLI's --json.
        Assert.True(JToken.DeepEquals(report["report"], JObject.Parse(await Get(page, $"{url}/api/sweeps/{sweepId}/report"))["report"]));
        var status = await CliProcess.RunAsync(temp.Path, Phase, "sweep", "status", sweepId, "--out", outFolder, "--json");
        Assert.True(status.Code == 0, status.Stderr);
        Assert.True(JToken.DeepEquals(JObject.Parse(status.Stdout), JObject.Parse(await Get(page, $"{url}/api/sweeps/{sweepId}"))));

        // Every figure the report writes is on the page, served as a PNG that decodes, and shown by the browser.
        var figures = page.Locator("#figures img");
        var expected = ((JArray)report["plots"]!).Select(p => Path.GetFileName((string)p!)).Order().ToList();
        await Assertions.Expect(figures).ToHaveCountAsync(expected.Count, new() { Timeout = Wait });
        var sources = new List<string>();
        for (var i = 0; i < expected.Count; i++) sources.Add((await figures.Nth(i).GetAttributeAsync("src"))!);
        Assert.Equal(expected, sources.Select(s => Uri.UnescapeDataString(s.Split('?')[0].Split('/')[^1])).Order().ToList());
        foreach (var source in sources)
        {
            var image = await page.APIRequest.GetAsync(url + source);
            Assert.Equal(200, image.Status);
            Assert.Equal("image/png", image.Headers["content-type"]);
            using var bitmap = SKBitmap.Decode(await image.BodyAsync());
            Assert.True(bitmap is { Width: > 0, Height: > 0 }, $"{source} does not decode as an image");
        }
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#figures img')].every(i => i.complete && i.naturalWidth > 0)",
            null, new() { Timeout = Wait });

        if (Environment.GetEnvironmentVariable("GITACTORS_DASHBOARD_SCREENSHOT") is { Length: > 0 } screenshot)
        {
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
            output.WriteLine($"screenshot: {screenshot}");
        }

        // One run: from its link, its timeline as `journal events` has it and one per-class row per class.
        await first.Locator("a").ClickAsync();
        await page.WaitForURLAsync(new Regex("/runs/"));
        var runEvents = await CliProcess.RunAsync(temp.Path, Phase, "journal", "events", page.Url.Split('/')[^1], "--out", outFolder, "--json");
        Assert.True(runEvents.Code == 0, runEvents.Stderr);
        var manifests = JArray.Parse(runEvents.Stdout).Select(e => (string)e["Manifest"]!).ToList();
        Assert.Equal(manifests, await page.Locator("table.timeline tbody tr td:nth-child(2)").AllInnerTextsAsync());
        Assert.Contains("run-completed.v1", manifests);
        Assert.Equal(10, await page.Locator("table.per-class tbody tr").CountAsync());
        Assert.Contains("\"Seed\": 1", await page.InnerTextAsync("pre.config"));

        lock (consoleErrors) Assert.True(consoleErrors.Count == 0, "console errors:\n" + string.Join("\n", consoleErrors));

        // An unknown sweep: a 404 page that says so, no stack trace (the browser logs the 404 itself, so after the check above).
        var missing = await page.GotoAsync($"{url}/sweeps/no-such-sweep");
        Assert.Equal(404, missing!.Status);
        var text = await page.InnerTextAsync("body");
        Assert.Contains("no sweep 'no-such-sweep'", text);
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotMatch(@"\bat [\w.]+\(", text);
    }

    private static async Task<string> Get(IPage page, string address)
    {
        var response = await page.APIRequest.GetAsync(address);
        Assert.Equal(200, response.Status);
        return await response.TextAsync();
    }
}
