using EventRecovery.Core.Recovery;

namespace EventRecovery.Job.Reporting;

/// <summary>
/// What a run has done so far. The totals are read by the progress display while the writer updates them;
/// the breakdowns are touched by the writer only.
/// </summary>
public sealed class RunCounters
{
    private const int MaxDistinctReasons = 10_000;
    private long _recordsIn,
        _recovered,
        _failed,
        _unrecoverable,
        _bytesRead,
        _blankLines,
        _splitsDone,
        _splitsSkipped;

    /// <summary>Lines that became records (blank lines excluded): <c>numRecordsIn</c>.</summary>
    public long RecordsIn => Interlocked.Read(ref _recordsIn);

    /// <summary><c>events_recovered</c>.</summary>
    public long Recovered => Interlocked.Read(ref _recovered);

    /// <summary><c>events_failed</c>.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary><c>events_unrecoverable</c>.</summary>
    public long Unrecoverable => Interlocked.Read(ref _unrecoverable);

    /// <summary>Input bytes read, as stored (compressed bytes for gzip).</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Empty lines, skipped.</summary>
    public long BlankLines => Interlocked.Read(ref _blankLines);

    /// <summary>Input splits read to the end.</summary>
    public long SplitsDone => Interlocked.Read(ref _splitsDone);

    /// <summary>Per bad row type: recovered, failed, unrecoverable.</summary>
    public Dictionary<string, long[]> ByType { get; } = new(StringComparer.Ordinal);

    /// <summary>Per flow: recovered, failed (a row can count for several flows).</summary>
    public Dictionary<string, long[]> ByFlow { get; } = new(StringComparer.Ordinal);

    /// <summary>Per flow and step: the rows in which the step changed nothing (<see cref="UnchangedStep"/>), whatever became of
    /// them.</summary>
    public Dictionary<StepKey, long> Unchanged { get; } = [];

    /// <summary>Verdicts on recovered payloads, when the run verifies them (writer only).</summary>
    public VerificationCounters Verification { get; } = new();

    /// <summary>Rows not recovered, grouped by type and reason class, with example locations (writer only).</summary>
    public FailureGroups FailureGroups { get; } = new();

    /// <summary>Failure reasons and how often they occurred.</summary>
    public Dictionary<string, long> Reasons { get; } = new(StringComparer.Ordinal);

    internal void AddBytes(long bytes) => Interlocked.Add(ref _bytesRead, bytes);

    internal void AddBlankLines(long lines) => Interlocked.Add(ref _blankLines, lines);

    internal void SplitDone() => Interlocked.Increment(ref _splitsDone);

    internal void SplitSkipped() => Interlocked.Increment(ref _splitsSkipped);

    /// <summary>Splits already done by an earlier run (from the checkpoint), not read again.</summary>
    public long SplitsSkipped => Interlocked.Read(ref _splitsSkipped);

    private readonly System.Collections.Concurrent.ConcurrentQueue<CorruptInput> _corrupt = new();
    private long[] _durable = new long[3];

    /// <summary>Inputs that broke off while read (corrupt or unreadable), in the order found.</summary>
    public IReadOnlyList<CorruptInput> CorruptInputs => [.. _corrupt];

    internal void InputCorrupt(CorruptInput input) => _corrupt.Enqueue(input);

    /// <summary>Lines of each input looked at to tell whether it holds bad rows at all.</summary>
    internal const int SampledLines = 100;

    private readonly List<SuspectInput> _suspect = [];

    /// <summary>Inputs whose first lines are mostly not bad rows (not JSON, not UTF-8): probably the wrong files (writer only).</summary>
    public IReadOnlyList<SuspectInput> SuspectInputs => _suspect;

    /// <summary>
    /// Looks at the first lines of an input, those of its first batch (writer only): when most are not bad rows, the
    /// input is named, so that a binary file or a folder of something else is not taken for a pile of failures.
    /// Batches of one input arrive in any order; only the first is looked at, so nothing is kept between them.
    /// </summary>
    internal void Sample(string split, IReadOnlyList<bool> notBadRows)
    {
        var seen = Math.Min(notBadRows.Count, SampledLines);
        var bad = 0;
        for (var i = 0; i < seen; i++)
            if (notBadRows[i])
                bad++;
        if (seen > 0 && bad * 2 > seen)
            _suspect.Add(new SuspectInput(split, seen, bad));
    }

    /// <summary>Recovered, failed and unrecoverable records known durable: counted at the last flush of every output.</summary>
    public OutcomeCounts Durable
    {
        get
        {
            var d = Volatile.Read(ref _durable);
            return new OutcomeCounts(d[0], d[1], d[2]);
        }
    }

    /// <summary>Records that everything counted so far is durable (the writer, after the outputs flushed).</summary>
    internal void MarkDurable() => Volatile.Write(ref _durable, [Recovered, Failed, Unrecoverable]);

    /// <summary>
    /// Counts one outcome (writer only, after its record was written), found at line <paramref name="line"/> of
    /// <paramref name="input"/> (null when not known).
    /// </summary>
    internal void Count(RecoveryOutcome outcome, string? input = null, long line = 0)
    {
        Interlocked.Increment(ref _recordsIn);
        var index = (int)outcome.Kind;
        switch (outcome.Kind)
        {
            case OutcomeKind.Recovered:
                Interlocked.Increment(ref _recovered);
                break;
            case OutcomeKind.Failed:
                Interlocked.Increment(ref _failed);
                break;
            default:
                Interlocked.Increment(ref _unrecoverable);
                break;
        }
        Slot(ByType, outcome.BadRowType)[index]++;
        foreach (var flow in outcome.Flows)
            Slot(ByFlow, flow)[index]++;
        if (outcome.UnchangedSteps is { } unchanged)
            foreach (var step in unchanged)
            {
                var key = new StepKey(step.Flow.Name, step.Index, step.Step.Op, step.Step.Path.Text);
                Unchanged[key] = Unchanged.GetValueOrDefault(key) + 1;
            }
        if (outcome.Reason is { } reason)
        {
            var key = reason.Length <= 240 ? reason : reason[..237] + "...";
            if (Reasons.TryGetValue(key, out var n))
                Reasons[key] = n + 1;
            else if (Reasons.Count < MaxDistinctReasons)
                Reasons[key] = 1;
            else
                Reasons["(other reasons)"] = Reasons.GetValueOrDefault("(other reasons)") + 1;
            FailureGroups.Add(outcome, input, line);
        }
    }

    private static long[] Slot(Dictionary<string, long[]> map, string key)
    {
        if (!map.TryGetValue(key, out var slot))
        {
            slot = new long[3];
            map.Add(key, slot);
        }
        return slot;
    }
}

/// <summary>A step of a flow, as the summary names it.</summary>
/// <param name="Flow">The flow's name.</param>
/// <param name="Index">The step's index in the flow's steps, from 0.</param>
/// <param name="Op">Replace, Remove, Cast or Add.</param>
/// <param name="Path">The step's path.</param>
public readonly record struct StepKey(string Flow, int Index, string Op, string Path);

/// <summary>An input that broke off while it was read: its lines before <see cref="Error"/> were processed, the rest was not.</summary>
/// <param name="Name">The file or object (with its byte range, for a range split).</param>
/// <param name="Error">What broke, and where.</param>
/// <param name="FoundEarlier">Found by an earlier run of the same checkpoint, and not read again.</param>
public sealed record CorruptInput(string Name, string Error, bool FoundEarlier);

/// <summary>An input whose first lines are mostly not bad rows.</summary>
/// <param name="Name">The file or object.</param>
/// <param name="LinesSampled">Lines looked at (its first ones).</param>
/// <param name="NotBadRows">Of them, lines that are not bad rows: not JSON, not UTF-8, or not self-describing.</param>
public sealed record SuspectInput(string Name, int LinesSampled, int NotBadRows);
