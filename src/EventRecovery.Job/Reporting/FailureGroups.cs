using EventRecovery.Core.Explain;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Job.Reporting;

/// <summary>
/// Failed and unrecoverable rows grouped by bad row type, outcome and reason class (<see cref="ReasonClass"/>), each
/// group with its count and its first example locations (by input name, then line number: workers finish batches in
/// any order, and the same run must name the same rows), to point <c>explain --line</c> at. Bounded: at most
/// <see cref="MaxGroups"/> groups of at most <see cref="MaxExamples"/> examples, whatever the number of rows (writer only).
/// </summary>
public sealed class FailureGroups
{
    /// <summary>Most groups kept; rows of further classes count in one "(other reasons)" group per type.</summary>
    public const int MaxGroups = 1_000;

    /// <summary>Example locations kept per group.</summary>
    public const int MaxExamples = 3;

    private const string Other = "(other reasons)";
    private readonly Dictionary<(string Type, OutcomeKind Kind, string Reason), Group> _groups = [];

    // Rows failing the same way share one reason text: its class is worked out once.
    private readonly Dictionary<string, string> _classes = new(StringComparer.Ordinal);

    private sealed class Group
    {
        public long Count;
        public readonly List<(string Input, long Line)> Examples = new(MaxExamples);

        /// <summary>Keeps <paramref name="example"/> if it comes before one of the examples kept.</summary>
        public void Consider((string Input, long Line) example)
        {
            if (Examples.Count < MaxExamples)
            {
                Examples.Add(example);
                return;
            }
            var last = 0;
            for (var i = 1; i < Examples.Count; i++)
                if (Compare(Examples[i], Examples[last]) > 0)
                    last = i;
            if (Compare(example, Examples[last]) < 0)
                Examples[last] = example;
        }

        public static int Compare((string Input, long Line) a, (string Input, long Line) b)
        {
            var byInput = string.CompareOrdinal(a.Input, b.Input);
            return byInput != 0 ? byInput : a.Line.CompareTo(b.Line);
        }
    }

    /// <summary>Counts one row not recovered, found at line <paramref name="line"/> of <paramref name="input"/> (null when not
    /// known).</summary>
    internal void Add(RecoveryOutcome outcome, string? input, long line)
    {
        if (outcome.Kind == OutcomeKind.Recovered || outcome.Reason is not { } reason)
            return;
        if (!_classes.TryGetValue(reason, out var reasonClass))
        {
            reasonClass = ReasonClass.Of(reason);
            if (_classes.Count < MaxGroups * 4)
                _classes[reason] = reasonClass;
        }
        var key = (outcome.BadRowType, outcome.Kind, reasonClass);
        if (!_groups.TryGetValue(key, out var group))
        {
            if (_groups.Count >= MaxGroups)
                key = (outcome.BadRowType, outcome.Kind, Other);
            if (!_groups.TryGetValue(key, out group))
                _groups[key] = group = new Group();
        }
        group.Count++;
        if (input is not null)
            group.Consider((input, line));
    }

    /// <summary>The <paramref name="top"/> largest groups, most rows first.</summary>
    public List<FailureGroup> Top(int top) =>
        _groups
            .OrderByDescending(g => g.Value.Count)
            .ThenBy(g => g.Key.Type, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Reason, StringComparer.Ordinal)
            .Take(top)
            .Select(g => new FailureGroup(
                g.Key.Type,
                g.Key.Kind == OutcomeKind.Failed ? "failed" : "unrecoverable",
                g.Key.Reason,
                g.Value.Count,
                [.. g.Value.Examples.Order(Comparer<(string Input, long Line)>.Create(Group.Compare)).Select(e => $"{e.Input}:{e.Line}")]
            ))
            .ToList();

    /// <summary>Number of groups.</summary>
    public int Count => _groups.Count;
}

/// <summary>Rows not recovered of one bad row type, outcome and reason class.</summary>
/// <param name="BadRowType">The bad row type ("invalid" for lines that are not bad rows).</param>
/// <param name="Outcome">"failed" or "unrecoverable".</param>
/// <param name="Reason">The reason class: the reason with the values of each row taken out.</param>
/// <param name="Count">Rows in the group.</param>
/// <param name="Examples">The first locations (<c>FILE:LINE</c>, <c>s3://bucket/key:LINE</c>), for <c>explain --line</c>.</param>
public sealed record FailureGroup(string BadRowType, string Outcome, string Reason, long Count, List<string> Examples);
