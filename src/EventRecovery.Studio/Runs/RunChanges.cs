namespace EventRecovery.Studio.Runs;

/// <summary>What a run changed against the run before it, row by row (indexes into the sample).</summary>
/// <param name="Before">The earlier run's number.</param>
/// <param name="After">The later run's number.</param>
/// <param name="NewlyRecovered">Rows recovered now that were not before.</param>
/// <param name="NewlyFailed">Rows recovered before that are not now (failed or unrecoverable).</param>
/// <param name="PayloadChanged">Rows recovered both times whose payload bytes differ.</param>
/// <param name="ReasonChanged">Rows not recovered either time whose reason differs.</param>
public sealed record RunChanges(
    int Before,
    int After,
    IReadOnlyList<int> NewlyRecovered,
    IReadOnlyList<int> NewlyFailed,
    IReadOnlyList<int> PayloadChanged,
    IReadOnlyList<int> ReasonChanged
)
{
    /// <summary>Compares two runs of the same sample.</summary>
    public static RunChanges Between(SampleRun before, SampleRun after)
    {
        List<int> recovered = [],
            failed = [],
            payload = [],
            reason = [];
        for (var i = 0; i < after.Rows.Count; i++)
        {
            var (was, now) = (before.Rows[i], after.Rows[i]);
            if (!was.Recovered && now.Recovered)
                recovered.Add(i);
            else if (was.Recovered && !now.Recovered)
                failed.Add(i);
            else if (was.Recovered && !was.Payload.AsSpan().SequenceEqual(now.Payload))
                payload.Add(i);
            else if (!was.Recovered && (was.Outcome != now.Outcome || was.Reason != now.Reason))
                reason.Add(i);
        }
        return new RunChanges(before.Number, after.Number, recovered, failed, payload, reason);
    }
}
