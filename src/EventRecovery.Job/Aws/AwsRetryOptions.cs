namespace EventRecovery.Job.Aws;

/// <summary>
/// How an AWS operation is retried (<see cref="AwsRetryPipeline"/>): at most <see cref="MaxAttempts"/> tries and, when
/// set, no new try once <see cref="Deadline"/> has passed since the first; exponential backoff with jitter between tries.
/// </summary>
public record AwsRetryOptions
{
    /// <summary>Tries before giving up, the first included; <see cref="int.MaxValue"/> to be bounded by <see cref="Deadline"/>
    /// only.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>Delay before the first retry; doubled each time.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Upper bound of one delay.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Time from the first try after which a failure is final; <c>null</c> for none.</summary>
    public TimeSpan? Deadline { get; init; }

    /// <summary>The delay before retry number <paramref name="retry"/> (1 for the first).</summary>
    public TimeSpan DelayBefore(int retry)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        // "Equal jitter": half fixed, half random, so that many workers retrying together spread out but still wait.
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }
}
