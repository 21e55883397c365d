using Microsoft.Playwright;

namespace EventRecovery.Testing.Browsers;

/// <summary>
/// A real browser for tests: Debian's headless <c>chromium</c> (installed by scripts/test.sh), driven by Playwright.
/// Playwright's own browser download does not work on these machines, so nothing is downloaded: the fixture launches
/// <see cref="ExecutablePath"/> and passes <c>--no-sandbox</c> when the tests run as root (chromium refuses its
/// sandbox to root). One browser per fixture (use it as a class fixture); each test opens its own
/// <see cref="BrowserPage"/>, which records every request and saves screenshots into <see cref="ScreenshotFolder"/>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>The Debian browser the tests drive.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Environment variable naming the folder screenshots are written to (created when missing).</summary>
    public const string ScreenshotFolderVariable = "EVENT_RECOVERY_SCREENSHOTS";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>
    /// Where screenshots go: <c>$EVENT_RECOVERY_SCREENSHOTS</c> when set, otherwise <c>TestResults/screenshots/</c> in
    /// the test project's output folder (for Cli.Tests: <c>tests/EventRecovery.Cli.Tests/bin/Release/net10.0/TestResults/screenshots/</c>).
    /// </summary>
    public static string ScreenshotFolder
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(ScreenshotFolderVariable);
            return string.IsNullOrWhiteSpace(configured)
                ? Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots")
                : Path.GetFullPath(configured);
        }
    }

    /// <summary>The running browser.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("the browser fixture is not initialized");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"{ExecutablePath} is missing: run scripts/test.sh, or `apt-get install -y chromium`");
        // Playwright would fetch its own browsers on some code paths; they cannot be fetched here and are not used.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        var args = new List<string> { "--disable-gpu", "--disable-dev-shm-usage" };
        if (Environment.UserName == "root" || IsRoot())
            args.Add("--no-sandbox");
        _browser = await _playwright.Chromium.LaunchAsync(
            new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = args,
                // A loaded machine may take a while to start a browser; this is a bound on failure, not a speed check.
                Timeout = 120_000,
            }
        );
    }

    /// <summary>
    /// A new page in its own context (no shared cookies or cache), recording its requests; <paramref name="testName"/>
    /// prefixes its screenshot files.
    /// </summary>
    public async Task<BrowserPage> NewPageAsync(string testName, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(
            new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = width, Height = height },
            }
        );
        // Generous: a bound on failure on a loaded machine, not a speed check.
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        return new BrowserPage(context, page, testName);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.CloseAsync();
        _playwright?.Dispose();
    }

    private static bool IsRoot()
    {
        // /proc/self/status "Uid:" line: real, effective, saved, filesystem ids.
        try
        {
            var uid = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            return uid is not null && uid.Split('\t', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(2).Contains("0");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
