namespace EventRecovery.Core.Payloads;

/// <summary>The collector request path <c>/vendor/version</c> and its parts.</summary>
public static class CollectorPath
{
    /// <summary>The path the original builds from a payload's vendor and version.</summary>
    public static string Build(string vendor, string version) => $"/{vendor}/{version}";

    /// <summary>
    /// Vendor and version of a path, split as the original does (Java's split on '/', trailing empty parts
    /// dropped): <c>/com.acme/v1</c> → (com.acme, v1); <c>/i</c> → (i, ""); anything else → ("", "").
    /// </summary>
    public static (string Vendor, string Version) Split(string? path)
    {
        if (path is null)
            return ("", "");
        var parts = path.Split('/').ToList();
        while (parts.Count > 0 && parts[^1].Length == 0)
            parts.RemoveAt(parts.Count - 1);
        return parts.Count switch
        {
            2 => (parts[1], ""),
            3 => (parts[1], parts[2]),
            _ => ("", ""),
        };
    }
}
