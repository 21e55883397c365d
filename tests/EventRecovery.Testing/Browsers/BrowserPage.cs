using Microsoft.Playwright;

namespace EventRecovery.Testing.Browsers;

/// <summary>
/// One page of the test browser, in its own context. It records every request the page makes (<see cref="Requests"/>),
/// so a test can assert that nothing left the page or that only loopback was asked, and every console error and
/// uncaught script error (<see cref="Errors"/>). <see cref="ScreenshotAsync"/> saves a full-page PNG into
/// <see cref="BrowserFixture.ScreenshotFolder"/>.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly string _testName;
    private readonly List<string> _requests = [];
    private readonly List<string> _errors = [];

    internal BrowserPage(IBrowserContext context, IPage page, string testName)
    {
        _context = context;
        _testName = testName;
        Page = page;
        // On the context: requests of every frame and worker of the page, not only the main frame's.
        context.Request += (_, request) =>
        {
            lock (_requests)
                _requests.Add(request.Url);
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                lock (_errors)
                    _errors.Add("console: " + message.Text);
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
                _errors.Add("script: " + error);
        };
    }

    /// <summary>The Playwright page.</summary>
    public IPage Page { get; }

    /// <summary>Every URL the page requested so far, in order (the page itself included).</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
                return [.. _requests];
        }
    }

    /// <summary>Console errors and uncaught script errors so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
                return [.. _errors];
        }
    }

    /// <summary>Requests to anything but loopback (127.0.0.1, ::1, localhost), file: and data: URLs.</summary>
    public IReadOnlyList<string> RequestsLeavingMachine => Requests.Where(url => !IsLocal(url)).ToList();

    /// <summary>Saves a full-page screenshot as <c>{test}-{name}.png</c> and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        var path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{_testName}-{name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private static bool IsLocal(string url)
    {
        if (url.StartsWith("data:", StringComparison.Ordinal) || url.StartsWith("blob:", StringComparison.Ordinal))
            return true;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return false;
        return uri.IsFile || uri.IsLoopback;
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
