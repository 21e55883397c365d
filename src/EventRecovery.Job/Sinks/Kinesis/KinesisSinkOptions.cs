using System.Text.RegularExpressions;
using Amazon.Runtime;
using EventRecovery.Job.Aws;

namespace EventRecovery.Job.Sinks.Kinesis;

/// <summary>
/// How recovered payloads are written to a Kinesis stream (<c>--output kinesis://STREAM</c>). The CLI builds it from the
/// URI and its flags and hands it to <see cref="KinesisSink.Create"/>:
/// <code>
/// var sink = KinesisSink.Create(KinesisSinkOptions.FromUri(output) with
/// {
///     Region = region,             // --region; else AWS_REGION, AWS_DEFAULT_REGION
///     EndpointUrl = endpointUrl,   // --endpoint-url; else AWS_ENDPOINT_URL_KINESIS, AWS_ENDPOINT_URL
///     BatchSize = batchSize,       // --batch-size, 1..500
///     MaxBuffered = maxBuffered,   // --max-buffered
/// });
/// </code>
/// Invalid values are reported by <see cref="KinesisSink.Create"/> as <see cref="OutputException"/>.
/// </summary>
/// <param name="StreamName">The stream written to.</param>
public sealed partial record KinesisSinkOptions(string StreamName)
{
    /// <summary>The URI scheme of a Kinesis output.</summary>
    public const string UriScheme = "kinesis://";

    /// <summary>AWS region; when null, <c>AWS_REGION</c> then <c>AWS_DEFAULT_REGION</c>.</summary>
    public string? Region { get; init; }

    /// <summary>
    /// Endpoint URL, e.g. a loopback kinesalite; when null, <c>AWS_ENDPOINT_URL_KINESIS</c>, then <c>AWS_ENDPOINT_URL</c>,
    /// then <c>https://kinesis.REGION.amazonaws.com</c>.
    /// </summary>
    public string? EndpointUrl { get; init; }

    /// <summary>Records per PutRecords request, 1..500; requests are also cut at 5 MiB.</summary>
    public int BatchSize { get; init; } = KinesisLimits.MaxRecordsPerRequest;

    /// <summary>
    /// Records written but not yet acknowledged by Kinesis, at most; <see cref="KinesisSink.WriteAsync"/> waits when
    /// the limit is reached (backpressure). Memory held by the sink is about this many payloads.
    /// </summary>
    public int MaxBuffered { get; init; } = 10_000;

    /// <summary>PutRecords requests in flight at once.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>
    /// How long a batch may keep failing, from its first attempt, before the sink gives up and fails the run. Until
    /// then throttling, partial failures, 5xx, timeouts and broken connections are retried with backoff.
    /// </summary>
    public TimeSpan RetryDeadline { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First retry delay; delays grow exponentially with jitter up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest delay between two attempts.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time after which an unanswered request is abandoned and retried.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A batch that is not full is sent once its oldest record has waited this long (checked on each write).</summary>
    public TimeSpan MaxBatchDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Credentials to sign with; when null, AWSSDK.Core's default chain (environment, profile, web identity, container, instance
    /// role).</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>The AWS retry policy for one batch: tries until <see cref="RetryDeadline"/>, however many they are.</summary>
    internal AwsRetryOptions RetryOptions =>
        new()
        {
            MaxAttempts = int.MaxValue,
            BaseDelay = RetryBaseDelay,
            MaxDelay = RetryMaxDelay,
            Deadline = RetryDeadline,
        };

    /// <summary>Whether <paramref name="uri"/> names a Kinesis output.</summary>
    public static bool IsKinesisUri(string uri) => uri.StartsWith(UriScheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Options with defaults for <c>kinesis://STREAM</c>; throws <see cref="OutputException"/> for a malformed URI.</summary>
    public static KinesisSinkOptions FromUri(string uri)
    {
        if (!IsKinesisUri(uri))
            throw new OutputException($"{uri} is not a Kinesis output: expected {UriScheme}STREAM");
        var name = uri[UriScheme.Length..].TrimEnd('/');
        if (!StreamNamePattern().IsMatch(name))
            throw new OutputException($"{uri}: a Kinesis stream name is 1 to 128 letters, digits, '_', '.' or '-'");
        return new KinesisSinkOptions(name);
    }

    /// <summary>Throws <see cref="OutputException"/> naming the first value out of range.</summary>
    internal void Validate()
    {
        if (!StreamNamePattern().IsMatch(StreamName ?? ""))
            throw new OutputException($"invalid Kinesis stream name '{StreamName}': 1 to 128 letters, digits, '_', '.' or '-'");
        if (BatchSize is < 1 or > KinesisLimits.MaxRecordsPerRequest)
            throw new OutputException($"Kinesis batch size must be between 1 and {KinesisLimits.MaxRecordsPerRequest}, not {BatchSize}");
        if (MaxBuffered < 1)
            throw new OutputException($"Kinesis max buffered records must be at least 1, not {MaxBuffered}");
        if (Concurrency is < 1 or > 64)
            throw new OutputException($"Kinesis request concurrency must be between 1 and 64, not {Concurrency}");
        if (RetryDeadline <= TimeSpan.Zero)
            throw new OutputException($"Kinesis retry deadline must be positive, not {RetryDeadline}");
        if (RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
            throw new OutputException($"Kinesis retry delays must be positive with base ({RetryBaseDelay}) <= max ({RetryMaxDelay})");
        if (RequestTimeout <= TimeSpan.Zero)
            throw new OutputException($"Kinesis request timeout must be positive, not {RequestTimeout}");
    }

    [GeneratedRegex("^[a-zA-Z0-9_.-]{1,128}$")]
    private static partial Regex StreamNamePattern();
}
