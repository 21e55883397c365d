namespace EventRecovery.Job.Aws;

/// <summary>
/// The AWS retry policy as S3 uses it, over the SDK's own few retries: how many times an S3 operation (a part upload,
/// a checkpoint write, a stalled or broken download) is tried before the job fails, the backoff between tries, and
/// the counter of retries.
/// </summary>
public sealed record S3RetryOptions : AwsRetryOptions
{
    private AwsRetryPipeline? _pipeline;

    /// <summary>Eight tries, 250 ms doubling up to 20 s, a new counter.</summary>
    public S3RetryOptions() { }

    // A copy made with 'with' may change the attempts or delays: it builds its own pipeline, and shares the counter.
    private S3RetryOptions(S3RetryOptions original)
        : base(original) => Counter = original.Counter;

    /// <summary>Counts retries for the run summary; shared by every user of these options.</summary>
    public RetryCounter Counter { get; init; } = new();

    /// <summary>The pipeline for these options with S3's transient errors, built on first use.</summary>
    internal AwsRetryPipeline Pipeline => _pipeline ??= new AwsRetryPipeline(this, AwsErrors.S3.IsTransient, Counter.Increment);
}
