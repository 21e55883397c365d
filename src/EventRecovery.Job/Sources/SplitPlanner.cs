namespace EventRecovery.Job.Sources;

/// <summary>
/// Cuts large uncompressed inputs into byte ranges so that they can be read in parallel and spread over shards.
/// Compressed inputs (.gz) cannot be entered in the middle and stay whole.
/// </summary>
public static class SplitPlanner
{
    /// <summary>Default size of a range split.</summary>
    public const long DefaultSplitBytes = 256L << 20;

    /// <summary>The splits of <paramref name="objects"/>: whole ones, and ranges of at most <paramref name="splitBytes"/> for large plain
    /// ones.</summary>
    public static List<InputSplit> Plan(IEnumerable<InputSplit> objects, long splitBytes = DefaultSplitBytes)
    {
        var splits = new List<InputSplit>();
        foreach (var split in objects)
        {
            if (split.ObjectLength <= splitBytes || split.IsStream || IsCompressed(split))
            {
                splits.Add(split);
                continue;
            }
            for (var start = 0L; start < split.ObjectLength; start += splitBytes)
                splits.Add(split.Slice(start, Math.Min(split.ObjectLength, start + splitBytes)));
        }
        return splits;
    }

    /// <summary>Gzip by name; content with gzip magic but another name is detected when opened, and then must not be a range.</summary>
    public static bool IsCompressed(InputSplit split) => split.Name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
}
