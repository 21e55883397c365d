namespace EventRecovery.Core.Verification;

/// <summary>
/// Enrich's reading of a collector path into the vendor and version that pick its adapter: the regular expression
/// <c>^/?([^/]+)/([^/]+)/?$</c>, read on the path's UTF-8 without a regex engine or a string. As the expression, a
/// segment may hold any character but <c>/</c> (a newline too), and <c>$</c> also matches before a final newline.
/// </summary>
internal static class AdapterRoute
{
    /// <summary>Whether <paramref name="path"/> is <c>(/)vendor/version(/)</c>, and where the two are.</summary>
    public static bool TryRead(ReadOnlySpan<byte> path, out Range vendor, out Range version) =>
        TryReadWhole(path, out vendor, out version)
        || (path.Length > 0 && path[^1] == '\n' && TryReadWhole(path[..^1], out vendor, out version));

    private static bool TryReadWhole(ReadOnlySpan<byte> path, out Range vendor, out Range version)
    {
        (vendor, version) = (default, default);
        // A leading slash is always the optional one: a segment cannot start with a slash.
        var start = path.Length > 0 && path[0] == '/' ? 1 : 0;
        var first = path[start..].IndexOf((byte)'/');
        if (first <= 0)
            return false;
        var versionStart = start + first + 1;
        var rest = path[versionStart..];
        var second = rest.IndexOf((byte)'/');
        var versionLength = second < 0 ? rest.Length : second;
        // The version is not empty, and only the optional trailing slash may follow it.
        if (versionLength == 0 || (second >= 0 && second != rest.Length - 1))
            return false;
        (vendor, version) = (start..(start + first), versionStart..(versionStart + versionLength));
        return true;
    }
}
