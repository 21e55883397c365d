using EventRecovery.Core.Recovery;
using EventRecovery.Job.Reporting;

namespace EventRecovery.Job.Tests.Metrics;

/// <summary>Counts outcomes into <see cref="RunCounters"/> as the job's writer does.</summary>
internal static class MetricsTestData
{
    public static void Count(RunCounters counters, int recovered, int failed, int unrecoverable, long bytes = 0)
    {
        for (var i = 0; i < recovered; i++)
            counters.Count(
                new RecoveryOutcome
                {
                    Kind = OutcomeKind.Recovered,
                    BadRowType = "adapter_failures",
                    Payload = [1],
                }
            );
        for (var i = 0; i < failed; i++)
            counters.Count(
                new RecoveryOutcome
                {
                    Kind = OutcomeKind.Failed,
                    BadRowType = "schema_violations",
                    Reason = "no configuration",
                }
            );
        for (var i = 0; i < unrecoverable; i++)
            counters.Count(
                new RecoveryOutcome
                {
                    Kind = OutcomeKind.Unrecoverable,
                    BadRowType = "size_violation",
                    Reason = "cannot be recovered",
                }
            );
        counters.AddBytes(bytes);
    }

    private static string Describe(object? item) =>
        item is OtlpExport e
            ? $"{e.Path} {e.ContentType} resource [{string.Join(", ", e.Resource)}] metrics [{string.Join(", ", e.Metrics)}]"
            : item?.ToString() ?? "";

    /// <summary>Takes items until <paramref name="until"/> holds for the last one, failing after a timeout.</summary>
    public static List<T> TakeUntil<T>(
        System.Collections.Concurrent.BlockingCollection<T> received,
        Func<T, bool> until,
        TimeSpan? timeout = null
    )
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var taken = new List<T>();
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            T? item = default;
            Assert.True(
                left > TimeSpan.Zero && received.TryTake(out item, left),
                $"timed out after {taken.Count} items; last: {(taken.Count > 0 ? Describe(taken[^1]) : "")}"
            );
            taken.Add(item!);
            if (until(item!))
                return taken;
        }
    }
}
