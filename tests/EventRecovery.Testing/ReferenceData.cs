namespace EventRecovery.Testing;

/// <summary>
/// The shared reference data beside the repository (<c>../shared/reference</c>), read by tests at run time and never
/// committed. A clone elsewhere (a CI check in /tmp) finds it beside the repository it was cloned from.
/// </summary>
public static class ReferenceData
{
    /// <summary>The folder <c>shared/reference/<paramref name="name"/></c>; throws naming where it was looked for.</summary>
    public static string Folder(string name)
    {
        var tried = new List<string>();
        foreach (var start in Starts())
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir.TrimEnd('/')))
            {
                var candidate = Path.Combine(dir, "shared", "reference", name);
                if (Directory.Exists(candidate))
                    return candidate;
                tried.Add(dir);
            }
        throw new DirectoryNotFoundException($"shared/reference/{name} not found above {string.Join(" or ", tried.Distinct().Take(2))}");
    }

    private static IEnumerable<string> Starts()
    {
        var root = Loopback.RepositoryRoot();
        yield return root;
        // A clone's origin: "url = /work/main" in .git/config.
        var config = Path.Combine(root, ".git", "config");
        if (!File.Exists(config))
            yield break;
        var url = File.ReadLines(config).Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("url = ", StringComparison.Ordinal))?[6..];
        if (url is not null && Path.IsPathRooted(url) && Directory.Exists(url))
            yield return url;
    }
}
