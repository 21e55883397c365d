using EventRecovery.Job.Reporting;

namespace EventRecovery.Job.Tests.Reporting;

/// <summary>Run summaries as a run writes them, for the report tests.</summary>
internal static class Summaries
{
    public static RunSummary Shard(
        int index,
        int count,
        long recovered,
        long failed,
        long unrecoverable,
        IEnumerable<FailureGroup>? groups = null,
        string outcome = "completed",
        string? error = null
    ) =>
        new()
        {
            Outcome = outcome,
            Error = error,
            Version = "9.9.9",
            Shard = new ShardInfo(index, count),
            NumRecordsIn = recovered + failed + unrecoverable,
            Recovered = recovered,
            Failed = failed,
            Unrecoverable = unrecoverable,
            InputBytes = 1_000 * (recovered + failed + unrecoverable),
            InputSplits = 2,
            InputSplitsDone = 2,
            ByType = new(StringComparer.Ordinal)
            {
                ["adapter_failures"] = new OutcomeCounts(recovered, 0, 0),
                ["schema_violations"] = new OutcomeCounts(0, failed, 0),
                ["size_violation"] = new OutcomeCounts(0, 0, unrecoverable),
            },
            ByFlow = new(StringComparer.Ordinal) { ["fix-app-id"] = new OutcomeCounts(recovered, 0, 0) },
            TopFailureReasons = [],
            FailureGroups = groups?.ToList() ?? [],
            FailureGroupCount = groups?.Count() ?? 0,
            StartedAt = new DateTimeOffset(2026, 12, 1, 10, 0, index, TimeSpan.Zero),
            FinishedAt = new DateTimeOffset(2026, 12, 1, 10, 1, index * 10, TimeSpan.Zero),
            ElapsedSeconds = 60 + index * 9,
            Inputs = ["s3://bad/rows"],
            Outputs = new()
            {
                ["recovered"] = "kinesis://raw",
                ["failed"] = "s3://out/failed",
                ["unrecoverable"] = "s3://out/unrecoverable",
            },
            Config = new ConfigUsed("ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12", "{\n  \"schema\": \"iglu:x\"\n}"),
            Throughput = [new(0, 0, 0), new(30, recovered, 0), new(60, recovered + failed + unrecoverable, 0)],
        };

    public static FailureGroup Group(string type, string reason, long count, params string[] examples) =>
        new(type, type == "size_violation" ? "unrecoverable" : "failed", reason, count, [.. examples]);
}
