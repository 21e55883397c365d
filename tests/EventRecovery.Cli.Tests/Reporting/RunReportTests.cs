using System.Globalization;
using System.Text.Json.Nodes;
using EventRecovery.Cli.Tests.Fixtures;
using EventRecovery.Testing.Browsers;
using Microsoft.Playwright;

namespace EventRecovery.Cli.Tests.Reporting;

/// <summary>
/// <c>run --report</c> and <c>report</c> through the program, the pages opened in a real browser: the numbers a person
/// reads there are the run summary's, and the page asks for nothing but itself.
/// </summary>
public sealed class RunReportTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Repo([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    private static string Example(string name) => Path.Combine(Repo(), "examples", name);

    private Task<CliResult> RunExample(string name, params string[] more) =>
        CliProcess.RunAsync([
            "run",
            "--input",
            Example("bad-rows"),
            "--config",
            Example("config.json"),
            "--output",
            _dir.At(name),
            "--summary-json",
            _dir.At(name + ".json"),
            .. more,
        ]);

    private JsonObject Summary(string name) => JsonNode.Parse(File.ReadAllText(_dir.At(name + ".json")))!.AsObject();

    [Fact]
    public async Task The_report_of_the_example_shows_the_summarys_numbers_and_loads_nothing()
    {
        var result = await RunExample("example", "--report", _dir.At("report.html"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"report         -> {_dir.At("report.html")}", result.Stderr + result.Stdout);
        var summary = Summary("example");
        await using var page = await browser.NewPageAsync(nameof(The_report_of_the_example_shows_the_summarys_numbers_and_loads_nothing));
        var url = new Uri(_dir.At("report.html")).AbsoluteUri;
        await page.Page.GotoAsync(url);

        Assert.Equal("completed", await page.Page.TextContentAsync("#outcome"));
        Assert.Equal((long)summary["numRecordsIn"]!, await Figure(page.Page, "lines"));
        Assert.Equal((long)summary["recovered"]!, await Figure(page.Page, "recovered"));
        Assert.Equal((long)summary["failed"]!, await Figure(page.Page, "failed"));
        Assert.Equal((long)summary["unrecoverable"]!, await Figure(page.Page, "unrecoverable"));
        Assert.Equal(Counts(summary["byType"]!, ["recovered", "failed", "unrecoverable"]), await ChartAsync(page.Page, "by-type"));
        Assert.Equal(Counts(summary["byFlow"]!, ["recovered", "failed"]), await ChartAsync(page.Page, "by-flow"));
        Assert.Equal(Groups(summary), await GroupsShownAsync(page.Page));
        Assert.Contains("\"name\": \"button-click-1-0-1\"", await page.Page.TextContentAsync("pre.config"));
        Assert.Equal([url], page.Requests);
        Assert.Empty(page.Errors);
        await page.ScreenshotAsync("page");
    }

    [Fact]
    public async Task The_page_is_usable_with_the_keyboard_and_prints_without_its_buttons()
    {
        Assert.Equal(0, (await RunExample("keys", "--report", _dir.At("keys.html"))).ExitCode);
        await using var page = await browser.NewPageAsync(nameof(The_page_is_usable_with_the_keyboard_and_prints_without_its_buttons));
        await page.Page.GotoAsync(new Uri(_dir.At("keys.html")).AbsoluteUri);

        // The first Tab reaches the skip link, Enter follows it to the summary.
        await page.Page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to the summary", await page.Page.EvaluateAsync<string>("document.activeElement.textContent"));
        await page.Page.Keyboard.PressAsync("Enter");
        Assert.EndsWith("#summary", page.Page.Url, StringComparison.Ordinal);
        // Folded parts open before printing; the navigation and buttons are not printed.
        await page.Page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.Equal("none", await page.Page.EvaluateAsync<string>("getComputedStyle(document.querySelector('nav')).display"));
        await page.ScreenshotAsync("print");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task A_run_that_fails_part_way_still_writes_its_report_and_says_it_failed()
    {
        var example = string.Concat(Directory.GetFiles(Example("bad-rows")).Order().Select(File.ReadAllText));
        var lines = string.Concat(Enumerable.Repeat(example, 50));
        var gzip = TempDir.Gzip(lines);
        _dir.WriteBytes("input/cut.gz", gzip[..(gzip.Length / 2)]);

        var result = await CliProcess.RunAsync(
            "run",
            "--input",
            _dir.At("input"),
            "--config",
            Example("config.json"),
            "--output",
            _dir.At("out"),
            "--fail-fast",
            "--report",
            _dir.At("failed.html")
        );

        Assert.True(result.ExitCode == 1, result.ToString());
        await using var page = await browser.NewPageAsync(nameof(A_run_that_fails_part_way_still_writes_its_report_and_says_it_failed));
        await page.Page.GotoAsync(new Uri(_dir.At("failed.html")).AbsoluteUri);
        Assert.Equal("failed", await page.Page.TextContentAsync("#outcome"));
        var problems = await page.Page.TextContentAsync("#problems");
        Assert.Contains("FAILED part-way", problems);
        Assert.Contains("cut.gz", problems);
        await page.ScreenshotAsync("failed");
    }

    [Fact]
    public async Task The_resolvers_api_key_is_not_in_the_report_or_the_summary()
    {
        var resolver = _dir.WriteText(
            "resolver.json",
            """
            {"schema":"iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-1","data":{"cacheSize":10,"repositories":[
              {"name":"Acme private","priority":0,"vendorPrefixes":["com.acme"],
               "connection":{"http":{"uri":"http://127.0.0.1:9/api","apikey":"9d1b-SECRET-KEY"}}}]}}
            """
        );

        var result = await RunExample("secret", "--resolver", resolver, "--report", _dir.At("secret.html"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var html = await File.ReadAllTextAsync(_dir.At("secret.html"));
        Assert.DoesNotContain("9d1b-SECRET-KEY", html);
        Assert.DoesNotContain("9d1b-SECRET-KEY", await File.ReadAllTextAsync(_dir.At("secret.json")));
        Assert.Contains("Acme private", html);
        Assert.Contains("(redacted)", html);
    }

    [Fact]
    public async Task The_report_command_merges_the_summaries_of_shards()
    {
        var first = await RunExample("shard0", "--shard", "0/2");
        var second = await RunExample("shard1", "--shard", "1/2");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());

        var result = await CliProcess.RunAsync(
            "report",
            "--summary-json",
            _dir.At("shard0.json"),
            _dir.At("shard1.json"),
            "--output",
            _dir.At("merged.html")
        );

        Assert.True(result.ExitCode == 0, result.ToString());
        var (a, b) = (Summary("shard0"), Summary("shard1"));
        Assert.True((long)a["numRecordsIn"]! > 0 && (long)b["numRecordsIn"]! > 0, "each shard read some of the example");
        await using var page = await browser.NewPageAsync(nameof(The_report_command_merges_the_summaries_of_shards));
        var url = new Uri(_dir.At("merged.html")).AbsoluteUri;
        await page.Page.GotoAsync(url);
        Assert.Equal("all 2 shards merged", await page.Page.TextContentAsync("#shard"));
        Assert.Equal((long)a["numRecordsIn"]! + (long)b["numRecordsIn"]!, await Figure(page.Page, "lines"));
        Assert.Equal(8, await Figure(page.Page, "lines")); // the whole example, once
        string[] outcomes = ["recovered", "failed", "unrecoverable"];
        var expected = Sum(Counts(a["byType"]!, outcomes), Counts(b["byType"]!, outcomes));
        Assert.Equal(expected, await ChartAsync(page.Page, "by-type"));
        Assert.Equal(2, await page.Page.Locator("#shards tbody tr").CountAsync());
        Assert.Equal([url], page.Requests);
        Assert.Empty(page.Errors);
        await page.ScreenshotAsync("merged");
    }

    [Fact]
    public async Task The_report_command_names_the_shards_missing()
    {
        Assert.Equal(0, (await RunExample("only0", "--shard", "0/3")).ExitCode);

        var result = await CliProcess.RunAsync("report", "--summary-json", _dir.At("only0.json"), "--output", _dir.At("partial.html"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("2 of 3 shards missing (--shard 1/3, --shard 2/3)", result.Stderr + result.Stdout);
        Assert.Contains("2 of 3 shards missing", await File.ReadAllTextAsync(_dir.At("partial.html")));
    }

    [Fact]
    public async Task Bad_report_arguments_stop_before_any_work()
    {
        Directory.CreateDirectory(_dir.At("a-folder"));

        var toFolder = await RunExample("refused", "--report", _dir.At("a-folder"));
        var noFolder = await RunExample("refused2", "--report", _dir.At("missing", "r.html"));
        var notSummary = await CliProcess.RunAsync("report", "--summary-json", Example("config.json"), "--output", _dir.At("x.html"));

        Assert.True(toFolder.ExitCode == 2, toFolder.ToString());
        Assert.Contains("--report", toFolder.Stderr + toFolder.Stdout);
        Assert.Contains("is a directory", toFolder.Stderr + toFolder.Stdout);
        Assert.False(Directory.Exists(_dir.At("refused")), "nothing was written");
        Assert.True(noFolder.ExitCode == 2, noFolder.ToString());
        Assert.Contains("does not exist", noFolder.Stderr + noFolder.Stdout);
        Assert.True(notSummary.ExitCode == 2, notSummary.ToString());
        Assert.Contains("not a run summary", notSummary.Stderr + notSummary.Stdout);
        Assert.False(File.Exists(_dir.At("x.html")));
    }

    /// <summary>A figure of the summary as the page shows it ("1,234" read as 1234).</summary>
    private static async Task<long> Figure(IPage page, string id) => Parse((await page.TextContentAsync($"#figure-{id}"))!);

    private static long Parse(string shown) => long.Parse(shown, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    /// <summary>Key → outcome → the number shown beside its bar, for one chart.</summary>
    private static async Task<SortedDictionary<string, long>> ChartAsync(IPage page, string chart)
    {
        var shown = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var group in await page.Locator($"svg[data-chart='{chart}'] g.group").AllAsync())
        {
            var key = await group.GetAttributeAsync("data-key");
            foreach (var bar in await group.Locator("g.bar").AllAsync())
            {
                var text = await bar.Locator("text.value").TextContentAsync();
                shown[$"{key}/{await bar.GetAttributeAsync("data-outcome")}"] = Parse(text!);
            }
        }
        return shown;
    }

    private static SortedDictionary<string, long> Counts(JsonNode map, string[] outcomes)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, n) in map.AsObject())
        foreach (var outcome in outcomes)
            counts[$"{key}/{outcome}"] = (long)n![outcome]!;
        return counts;
    }

    private static SortedDictionary<string, long> Sum(SortedDictionary<string, long> a, SortedDictionary<string, long> b)
    {
        var sum = new SortedDictionary<string, long>(a, StringComparer.Ordinal);
        foreach (var (k, v) in b)
            sum[k] = sum.GetValueOrDefault(k) + v;
        return sum;
    }

    private static List<string> Groups(JsonObject summary) =>
        summary["failureGroups"]!.AsArray().Select(g => $"{(long)g!["count"]!} {g["badRowType"]} {g["outcome"]} {Examples(g)}").ToList();

    private static string Examples(JsonNode group) => string.Join(" ", group["examples"]!.AsArray().Select(e => (string?)e));

    private static async Task<List<string>> GroupsShownAsync(IPage page)
    {
        var shown = new List<string>();
        foreach (var row in await page.Locator("#failures tr.group").AllAsync())
        {
            var cells = await row.Locator("td").AllTextContentsAsync();
            var examples = await row.Locator(".examples code").AllTextContentsAsync();
            shown.Add($"{Parse(cells[0])} {cells[1]} {cells[2]} {string.Join(" ", examples)}");
        }
        return shown;
    }
}
