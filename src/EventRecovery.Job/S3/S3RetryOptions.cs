namespace EventRecovery.Job.S3;

/// <summary>
/// Our retry layer over the SDK's: how many times an S3 operation (a part upload, a checkpoint write, a stalled or
/// broken download) is tried before the job fails, and the exponential backoff with jitter between tries.
/// </summary>
public sealed record S3RetryOptions
{
    /// <summary>Tries in a row without progress before giving up (a download that moves on starts counting again).</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>Delay before the first retry; doubled each time.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Upper bound of one delay.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Counts retries for the run summary; shared by every user of these options.</summary>
    public RetryCounter Counter { get; init; } = new();

    /// <summary>The delay before retry number <paramref name="retry"/> (1 for the first).</summary>
    public TimeSpan DelayBefore(int retry)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        // "Equal jitter": half fixed, half random, so that many workers retrying together spread out but still wait.
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }
}
