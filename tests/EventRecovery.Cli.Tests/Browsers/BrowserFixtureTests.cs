using EventRecovery.Cli.Tests.Fixtures;
using EventRecovery.Testing.Browsers;

namespace EventRecovery.Cli.Tests.Browsers;

/// <summary>The browser the page tests rely on: it starts, runs a page's script, records requests, saves screenshots.</summary>
public sealed class BrowserFixtureTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_file_page_runs_its_script_and_only_the_file_is_requested()
    {
        using var dir = new TempDir();
        var file = dir.WriteText(
            "page.html",
            "<!doctype html><title>t</title><p id=out>not run</p><script>document.getElementById('out').textContent = 6 * 7;</script>"
        );
        await using var page = await browser.NewPageAsync(nameof(A_file_page_runs_its_script_and_only_the_file_is_requested));

        await page.Page.GotoAsync(new Uri(file).AbsoluteUri);

        Assert.Equal("42", await page.Page.TextContentAsync("#out"));
        Assert.Equal([new Uri(file).AbsoluteUri], page.Requests);
        Assert.Empty(page.RequestsLeavingMachine);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task A_request_to_another_machine_is_recorded_as_leaving()
    {
        await using var page = await browser.NewPageAsync(nameof(A_request_to_another_machine_is_recorded_as_leaving));
        // 192.0.2.1 is a documentation address (TEST-NET-1): nothing answers, but the request is made and seen.
        var request = page.Page.WaitForRequestAsync("http://192.0.2.1/pixel.png");

        await page.Page.GotoAsync("data:text/html,<img src='http://192.0.2.1/pixel.png'>");
        await request;

        Assert.Contains("http://192.0.2.1/pixel.png", page.RequestsLeavingMachine);
    }

    [Fact]
    public async Task A_script_error_is_recorded()
    {
        await using var page = await browser.NewPageAsync(nameof(A_script_error_is_recorded));

        await page.Page.GotoAsync("data:text/html,<script>undefinedFunction()</script><p>after</p>");
        await page.Page.WaitForSelectorAsync("p");

        Assert.Contains(page.Errors, e => e.Contains("undefinedFunction", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_screenshot_is_saved_as_a_png_in_the_screenshot_folder()
    {
        await using var page = await browser.NewPageAsync(nameof(A_screenshot_is_saved_as_a_png_in_the_screenshot_folder), 400, 300);
        await page.Page.GotoAsync("data:text/html,<h1 style='color:teal'>screenshot</h1>");

        var path = await page.ScreenshotAsync("teal");

        Assert.StartsWith(BrowserFixture.ScreenshotFolder, path, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }
}
