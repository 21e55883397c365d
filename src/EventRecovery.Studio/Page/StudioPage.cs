namespace EventRecovery.Studio.Page;

/// <summary>
/// The page: one HTML document with its stylesheet and script inlined, built from resources embedded in the binary.
/// One document means one request carries the token in its address, and nothing else is ever fetched.
/// </summary>
internal static class StudioPage
{
    private static readonly Lazy<string> Html = new(Build);

    /// <summary>The page's HTML.</summary>
    public static string Text => Html.Value;

    /// <summary>What the page may do: its own inline style and script, and requests to this server only.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src data:; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static string Build() =>
        Resource("index.html")
            .Replace("/*studio.css*/", Resource("studio.css"), StringComparison.Ordinal)
            .Replace("/*studio.js*/", Resource("studio.js"), StringComparison.Ordinal);

    private static string Resource(string name)
    {
        using var stream = typeof(StudioPage).Assembly.GetManifestResourceStream($"studio/{name}")
            ?? throw new InvalidOperationException($"the page's resource {name} is not embedded in the program");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
