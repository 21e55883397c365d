namespace EventRecovery.Job.Sources;

/// <summary>
/// Deterministic assignment of input splits to N shards, balanced by size: every shard computes the same plan
/// from the same listing, so the N shards together take every split exactly once.
/// </summary>
public static class ShardPlan
{
    /// <summary>The splits of shard <paramref name="index"/> of <paramref name="count"/>, in name order.</summary>
    public static List<T> Select<T>(IReadOnlyList<T> splits, int index, int count)
        where T : InputSplit
    {
        if (count < 1 || index < 0 || index >= count)
            throw new ArgumentOutOfRangeException(nameof(index), $"shard {index}/{count} does not exist");
        var load = new long[count];
        var mine = new List<T>();
        // Largest first onto the least loaded shard (ties: lowest index): a stable, greedy balance.
        foreach (var split in splits.OrderByDescending(s => s.Length).ThenBy(s => s.Name, StringComparer.Ordinal))
        {
            var target = 0;
            for (var i = 1; i < count; i++)
                if (load[i] < load[target])
                    target = i;
            load[target] += Math.Max(1, split.Length);
            if (target == index)
                mine.Add(split);
        }
        mine.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return mine;
    }
}
