using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using EventRecovery.Job.Aws;
using EventRecovery.Job.Sinks.S3;
using S3Location = EventRecovery.Job.Aws.S3Location;

namespace EventRecovery.Job.Checkpoints.S3;

/// <summary>
/// A checkpoint under an S3 prefix: <c>&lt;prefix&gt;/checkpoint.json</c>, replaced by one PutObject (atomic: a
/// reader sees the old or the new state, never a mix), and a <c>&lt;prefix&gt;/_COMPLETE</c> marker.
/// </summary>
/// <param name="client">The S3 client.</param>
/// <param name="location">The shard's prefix.</param>
/// <param name="retry">How transient errors are retried.</param>
/// <param name="leaseTtl">How long the run's lease on the location lasts after each renewal (default two minutes).</param>
public sealed class S3CheckpointStore(IAmazonS3 client, S3Location location, S3RetryOptions? retry = null, TimeSpan? leaseTtl = null)
    : ICheckpointStore
{
    /// <summary>How long a lease lasts without renewal: how long a killed run keeps its successor out.</summary>
    public static readonly TimeSpan DefaultLeaseTtl = TimeSpan.FromMinutes(2);

    private readonly S3RetryOptions _retry = retry ?? new S3RetryOptions();
    private S3Lease? _lease;
    private readonly string _state = location.KeyOf("checkpoint.json");
    private readonly string _marker = location.KeyOf("_COMPLETE");

    /// <summary>Where the checkpoint lives.</summary>
    public S3Location Location { get; } = location;

    /// <inheritdoc />
    public string Description => Location.ToString();

    /// <inheritdoc />
    public Task CheckWritableAsync(CancellationToken cancellationToken) =>
        S3WriteCheck.RunAsync(client, Location, _retry, cancellationToken);

    /// <inheritdoc />
    public async Task<CheckpointState?> LoadAsync(CancellationToken cancellationToken)
    {
        var text = await ReadAsync(_state, cancellationToken).ConfigureAwait(false);
        return text is null ? null : CheckpointState.Parse(text, Location.UriOf(_state));
    }

    /// <inheritdoc />
    public Task SaveAsync(CheckpointState state, CancellationToken cancellationToken)
    {
        _lease?.ThrowIfLost();
        return PutAsync(_state, state.ToJson(), "application/json", cancellationToken);
    }

    /// <summary>A lease object, <c>lease.json</c>, created with a conditional put and renewed while the run goes on (see <see
    /// cref="S3Lease"/>).</summary>
    public async Task<IAsyncDisposable> LockAsync(LockHolder holder, CancellationToken cancellationToken)
    {
        var lease = new S3Lease(client, Location, Location.KeyOf("lease.json"), holder, leaseTtl ?? DefaultLeaseTtl, _retry);
        await lease.AcquireAsync(cancellationToken).ConfigureAwait(false);
        _lease = lease;
        return lease;
    }

    /// <inheritdoc />
    public async Task<bool> IsCompleteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await S3Retry
                .RunAsync(
                    _retry,
                    $"checking {Location.UriOf(_marker)}",
                    ct => client.GetObjectMetadataAsync(Location.Bucket, _marker, ct),
                    cancellationToken
                )
                .ConfigureAwait(false);
            return true;
        }
        catch (IOException e) when (e.InnerException is { } inner && S3Errors.IsNotFound(inner))
        {
            return false;
        }
    }

    /// <inheritdoc />
    public Task MarkCompleteAsync(string summaryJson, CancellationToken cancellationToken)
    {
        _lease?.ThrowIfLost();
        return PutAsync(_marker, summaryJson, "application/json", cancellationToken);
    }

    /// <inheritdoc />
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        // Deleting a missing key succeeds in S3: no need to look first.
        foreach (var key in (string[])[_state, _marker])
            await S3Retry
                .RunAsync(
                    _retry,
                    $"deleting {Location.UriOf(key)}",
                    ct => client.DeleteObjectAsync(Location.Bucket, key, ct),
                    cancellationToken
                )
                .ConfigureAwait(false);
    }

    private async Task<string?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await S3Retry
                .RunAsync(
                    _retry,
                    $"reading {Location.UriOf(key)}",
                    async ct =>
                    {
                        using var response = await client.GetObjectAsync(Location.Bucket, key, ct).ConfigureAwait(false);
                        using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
                        // Read inside the retried operation: a body cut short is retried like a failed request.
                        return await reader.ReadToEndAsync(ct).ConfigureAwait(false);
                    },
                    cancellationToken
                )
                .ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is { } inner && S3Errors.IsNotFound(inner))
        {
            return null;
        }
    }

    private Task PutAsync(string key, string text, string contentType, CancellationToken cancellationToken) =>
        S3Retry.RunAsync(
            _retry,
            $"writing {Location.UriOf(key)}",
            ct =>
                client.PutObjectAsync(
                    new PutObjectRequest
                    {
                        BucketName = Location.Bucket,
                        Key = key,
                        ContentBody = text,
                        ContentType = contentType,
                        UseChunkEncoding = S3Compatibility.UsesChecksums(client),
                    },
                    ct
                ),
            cancellationToken
        );
}
