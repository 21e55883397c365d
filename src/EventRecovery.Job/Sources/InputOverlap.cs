using EventRecovery.Job.Aws;

namespace EventRecovery.Job.Sources;

/// <summary>
/// A run must never read what it writes: an output, failed, unrecoverable or checkpoint location inside an input (or
/// an input inside one) would feed the run its own rows, and every rerun would double them. Local paths are compared
/// after symbolic links and <c>..</c> are resolved, S3 locations by bucket and key prefix.
/// </summary>
public static class InputOverlap
{
    /// <summary>The first input and location that overlap, as a message naming both; <c>null</c> when none do.</summary>
    /// <param name="inputs">The <c>--input</c> values.</param>
    /// <param name="locations">Where the run writes, with the flag that named each (e.g. <c>--failed</c>).</param>
    public static string? Find(IEnumerable<string> inputs, IEnumerable<(string Flag, string Location)> locations)
    {
        var written = locations
            .Where(l => l.Location != "-" && (S3Location.IsS3(l.Location) || !l.Location.Contains("://", StringComparison.Ordinal)))
            .ToList();
        foreach (var input in inputs)
        {
            if (input is "-" or "/dev/stdin")
                continue;
            foreach (var (flag, location) in written)
            {
                var overlap =
                    S3Location.IsS3(input) && S3Location.IsS3(location)
                        ? S3Overlap(input, location)
                        : !S3Location.IsS3(input) && !S3Location.IsS3(location) && LocalOverlap(input, location);
                if (overlap)
                    return $"{flag} {location} and --input {input} overlap: the run would read what it writes (and each rerun would double it); "
                        + "write outside the inputs, e.g. --output out/run-2 --input out/run-1/failed";
            }
        }
        return null;
    }

    private static bool S3Overlap(string input, string location)
    {
        S3Location a,
            b;
        try
        {
            (a, b) = (S3Location.Parse(input), S3Location.Parse(location));
        }
        catch (FormatException)
        {
            return false; // refused elsewhere, with its own message
        }
        if (a.Bucket != b.Bucket)
            return false;
        // An input prefix is read as a folder (prefix/…) or, when nothing is under it, as one object named prefix.
        return Under(a.FolderPrefix, b.FolderPrefix) || Under(b.FolderPrefix, a.FolderPrefix);
    }

    private static bool LocalOverlap(string input, string location)
    {
        // A glob is compared by the folder before its first wildcard: everything it can match lies under it.
        var full = Path.GetFullPath(input);
        var wildcard = full.IndexOfAny(['*', '?', '[']);
        var root = wildcard >= 0 ? Path.GetDirectoryName(full[..wildcard] + "x")! : full;
        var a = Resolve(root);
        var b = Resolve(location);
        return Under(a + "/", b + "/") || Under(b + "/", a + "/");
    }

    private static bool Under(string child, string parent) => child.StartsWith(parent, StringComparison.Ordinal);

    /// <summary>The full path with symbolic links resolved, for a path whose end may not exist yet (an output to create).</summary>
    internal static string Resolve(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var missing = new Stack<string>();
        var existing = full;
        while (!Path.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            missing.Push(Path.GetFileName(existing));
            existing = parent;
        }
        var real = Real(existing);
        while (missing.Count > 0)
            real = Path.Combine(real, missing.Pop());
        return Path.TrimEndingDirectorySeparator(real);
    }

    private static string Real(string existing)
    {
        var root = Path.GetPathRoot(existing)!;
        var real = root;
        foreach (var name in existing[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(real, name);
            try
            {
                var target = new FileInfo(next).ResolveLinkTarget(returnFinalTarget: true);
                real = target is null ? next : Real(target.FullName);
            }
            catch (IOException)
            {
                real = next; // a loop or an unreadable link: compared as written
            }
        }
        return real;
    }
}
