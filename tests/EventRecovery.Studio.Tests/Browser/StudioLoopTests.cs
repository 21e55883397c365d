using EventRecovery.Studio.Tests.Fixtures;
using EventRecovery.Testing.Browsers;
using Microsoft.Playwright;

namespace EventRecovery.Studio.Tests.Browser;

/// <summary>
/// The user's loop in a real browser (Debian's chromium) on the bundled example: find the failed group, open a row's
/// trace, break the config and see where, fix it, re-run and see the row recovered, save, and find the file on disk.
/// Screenshots of each view are written as test artifacts (<see cref="BrowserFixture.ScreenshotFolder"/>).
/// </summary>
public sealed class StudioLoopTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture browser;

    public StudioLoopTests(BrowserFixture browser)
    {
        this.browser = browser;
        // A bound on failure on a loaded machine, not a speed check.
        Assertions.SetDefaultExpectTimeout(60_000);
    }

    [Fact]
    public async Task A_person_fixes_the_failed_row_of_the_example_and_saves_the_config()
    {
        await using var studio = await ExampleStudio.StartAsync();
        var original = await File.ReadAllTextAsync(studio.ConfigPath);
        await using var tab = await browser.NewPageAsync("studio-loop", 1360, 900);
        var page = tab.Page;

        // Overview: the counts of the sample, the charts, and the failed group first among the failure groups.
        await page.GotoAsync(studio.Server.PageUrl);
        await Expect(page.Locator(".card.recovered .n")).ToHaveTextAsync("6");
        await Expect(page.Locator(".card.failed .n")).ToHaveTextAsync("1");
        await Expect(page.Locator(".card.unrecoverable .n")).ToHaveTextAsync("1");
        var typeChart = page.Locator("[data-chart=type] rect[data-outcome=failed]");
        await Expect(typeChart).ToHaveCountAsync(1);
        Assert.Equal("1", await typeChart.GetAttributeAsync("data-count"));
        await tab.ScreenshotAsync("1-overview");
        var failedGroup = page.Locator("#groups tbody tr", new() { Has = page.Locator(".badge.failed") });
        await Expect(failedGroup).ToContainTextAsync("no configuration applies to this row");

        // Rows: the group's rows; the failed row opens its trace, which names the condition and the value it saw.
        await failedGroup.GetByRole(AriaRole.Button, new() { Name = "Show rows" }).ClickAsync();
        await Expect(page.Locator("#view-rows")).ToBeVisibleAsync();
        var rows = page.Locator("#rows tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync(ExampleStudio.FailedRow);
        await tab.ScreenshotAsync("2-rows");
        await rows.First.ClickAsync();
        await Expect(page.Locator("#trace-outcome")).ToHaveTextAsync("failed");
        var flow = page.Locator("#trace [data-flow='button-click-1-0-1']");
        await Expect(flow.Locator(".conditions li").First).ToContainTextAsync("did not hold");
        await Expect(flow.Locator(".conditions li").First).ToContainTextAsync("iglu:com.acme/newsletter_signup/jsonschema/1-0-0");
        await tab.ScreenshotAsync("3-trace-failed");

        // Config: a broken edit is shown at its line, as you type.
        await page.Locator("#tab-config").ClickAsync();
        var editor = page.Locator("#config-text");
        await Expect(editor).ToHaveValueAsync(original);
        var broken = ExampleStudio.FixedConfig().Replace("\"op\": \"Cast\"", "\"op\": \"Caste\"", StringComparison.Ordinal);
        await editor.FillAsync(broken);
        await Expect(page.Locator("#validation-state")).ToHaveTextAsync("invalid: 1 problem");
        var problem = page.Locator("#problems li");
        await Expect(problem).ToContainTextAsync("steps[0].op");
        var brokenLine = broken.Split('\n').ToList().FindIndex(l => l.Contains("\"Caste\"", StringComparison.Ordinal)) + 1;
        await Expect(problem).ToContainTextAsync($"line {brokenLine}");
        await Expect(page.Locator("#gutter .bad")).ToHaveTextAsync(brokenLine.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("#rerun")).ToBeDisabledAsync();
        await tab.ScreenshotAsync("4-config-invalid");

        // The fix, re-run on the whole sample: the row is newly recovered, nothing else changed.
        await editor.FillAsync(ExampleStudio.FixedConfig());
        await Expect(page.Locator("#validation-state")).ToContainTextAsync("valid: 4 flows");
        await page.Locator("#rerun").ClickAsync();
        await Expect(page.Locator("#changes-summary"))
            .ToHaveTextAsync("Run 2 against run 1: 1 newly recovered, 0 newly failed, 0 payloads changed, 0 reasons changed");
        var newlyRecovered = page.Locator("[data-change=newlyRecovered] tbody tr");
        await Expect(newlyRecovered).ToContainTextAsync(ExampleStudio.FailedRow);
        await tab.ScreenshotAsync("5-config-rerun");
        await newlyRecovered.ClickAsync();
        await Expect(page.Locator("#trace-outcome")).ToHaveTextAsync("recovered");
        await Expect(page.Locator("#trace-payload")).ToContainTextAsync("newsletter_signup/jsonschema/1-0-1");
        await tab.ScreenshotAsync("6-trace-recovered");
        await page.Locator("#tab-overview").ClickAsync();
        await Expect(page.Locator(".card.recovered .n")).ToHaveTextAsync("7");

        // Nothing was written until Save; then the file holds the editor's text and the old one is kept.
        Assert.Equal(original, await File.ReadAllTextAsync(studio.ConfigPath));
        await page.Locator("#tab-config").ClickAsync();
        await page.Locator("#save").ClickAsync();
        await Expect(page.Locator("#config-message")).ToContainTextAsync("saved to " + studio.ConfigPath);
        Assert.Equal(ExampleStudio.FixedConfig(), await File.ReadAllTextAsync(studio.ConfigPath));
        Assert.Equal(original, await File.ReadAllTextAsync(studio.ConfigPath + ".bak"));

        // Export: base64 of the text, for --config on a cluster.
        await page.Locator("#export").ClickAsync();
        await Expect(page.Locator("#export-text")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^[A-Za-z0-9+/]{100,}=*$"));
        var exported = await page.Locator("#export-text").InputValueAsync();
        Assert.Equal(ExampleStudio.FixedConfig(), System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(exported)));

        Assert.Empty(tab.RequestsLeavingMachine);
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task The_views_are_usable_from_the_keyboard()
    {
        await using var studio = await ExampleStudio.StartAsync();
        await using var tab = await browser.NewPageAsync("studio-keyboard");
        var page = tab.Page;
        await page.GotoAsync(studio.Server.PageUrl);
        await Expect(page.Locator(".card.recovered .n")).ToHaveTextAsync("6");

        // Arrow keys move between the tabs.
        await page.Locator("#tab-overview").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.Locator("#view-rows")).ToBeVisibleAsync();
        await Expect(page.Locator("#tab-rows")).ToBeFocusedAsync();

        // A row is focusable and Enter opens its trace.
        var row = page.Locator("#rows tbody tr", new() { HasText = "context-fix.jsonl:1" });
        await row.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#trace-outcome")).ToHaveTextAsync("recovered");
        await Expect(page.Locator("#trace .steps li").First).ToContainTextAsync("Cast");
        await Expect(page.Locator("#trace .steps .line-del")).ToHaveTextAsync("- \"37\"");
        await Expect(page.Locator("#trace .steps .line-ins")).ToHaveTextAsync("+ 37");
        await tab.ScreenshotAsync("trace-steps");

        // In the editor, Ctrl-Enter re-runs.
        await page.Keyboard.PressAsync("ArrowRight"); // still on the row: nothing happens
        await page.Locator("#tab-config").ClickAsync();
        await page.Locator("#config-text").FillAsync(ExampleStudio.FixedConfig());
        await Expect(page.Locator("#validation-state")).ToContainTextAsync("valid");
        await page.Locator("#config-text").PressAsync("Control+Enter");
        await Expect(page.Locator("#changes-summary")).ToContainTextAsync("1 newly recovered");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task A_suggestion_is_added_with_one_click_and_the_rerun_shows_its_effect()
    {
        await using var studio = await ExampleStudio.StartAsync(resolver: true);
        await using var tab = await browser.NewPageAsync("studio-suggestions", 1360, 900);
        var page = tab.Page;
        await page.GotoAsync(studio.Server.PageUrl);
        await Expect(page.Locator(".card.recovered .n")).ToHaveTextAsync("6");
        // With a resolver, the overview says how many recovered rows would enrich.
        await Expect(page.Locator("#verification")).ToContainTextAsync("would fail enrichment");

        await page.Locator("#tab-suggestions").ClickAsync();
        var proposal = page.Locator(".proposal[data-kind=schema-version]");
        await Expect(proposal).ToContainTextAsync("iglu:com.acme/newsletter_signup/jsonschema/1-0-1");
        await Expect(page.Locator(".suggestion .none")).ToContainTextAsync("cannot be recovered by any configuration");
        await tab.ScreenshotAsync("1-suggestions");
        await proposal.GetByRole(AriaRole.Button).ClickAsync();

        await Expect(page.Locator("#view-config")).ToBeVisibleAsync();
        await Expect(page.Locator("#validation-state")).ToContainTextAsync("valid: 5 flows");
        Assert.Contains("\"newsletter-signup-1-0-1\"", await page.Locator("#config-text").InputValueAsync());
        await page.Locator("#rerun").ClickAsync();
        await Expect(page.Locator("#changes-summary")).ToContainTextAsync("1 newly recovered, 0 newly failed");
        await Expect(page.Locator("[data-change=newlyRecovered]")).ToContainTextAsync(ExampleStudio.FailedRow);
        await tab.ScreenshotAsync("2-rerun");
        // Nothing saved until asked.
        Assert.DoesNotContain("newsletter-signup-1-0-1", await File.ReadAllTextAsync(studio.ConfigPath));
        Assert.Empty(tab.RequestsLeavingMachine);
        Assert.Empty(tab.Errors);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
