namespace EventRecovery.Job.Checkpoints;

/// <summary>
/// Knows, per split, the offset up to which every line has been written to the sinks. Batches complete out of
/// order (several workers); a split's offset only moves over a contiguous run of written batches. Used by the
/// single writer only.
/// </summary>
public sealed class ProgressTracker
{
    private readonly Dictionary<string, Progress> _splits = new(StringComparer.Ordinal);

    private sealed class Progress(SplitCheckpoint committed)
    {
        public long NextSequence;
        public SplitCheckpoint Written = committed;
        public readonly SortedDictionary<long, SplitCheckpoint> Ahead = new();
    }

    /// <summary>Starts tracking a split from its checkpoint (or from nothing).</summary>
    public void Begin(string splitId, SplitCheckpoint? from) => _splits[splitId] = new Progress(from ?? new SplitCheckpoint(0, 0, false));

    /// <summary>Records that batch <paramref name="sequence"/> of a split has been written; <paramref name="corrupt"/>, on the last batch
    /// of a split that broke off, says why.</summary>
    public void Written(string splitId, long sequence, long endOffset, long endLine, bool isEnd, string? corrupt = null)
    {
        var p = _splits[splitId];
        p.Ahead[sequence] = new SplitCheckpoint(endOffset, endLine, isEnd, corrupt);
        while (p.Ahead.Remove(p.NextSequence, out var next))
        {
            p.Written = next;
            p.NextSequence++;
        }
    }

    /// <summary>The written position of every tracked split (to commit once the sinks have flushed).</summary>
    public Dictionary<string, SplitCheckpoint> Snapshot() => _splits.ToDictionary(p => p.Key, p => p.Value.Written, StringComparer.Ordinal);

    /// <summary>Whether every tracked split is written to its end.</summary>
    public bool AllDone => _splits.Values.All(p => p.Written.Done);
}
