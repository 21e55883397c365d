using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using EventRecovery.Job.Aws;
using S3Location = EventRecovery.Job.Aws.S3Location;

namespace EventRecovery.Job.Checkpoints.S3;

/// <summary>
/// A lease on an S3 checkpoint location: an object created with a conditional put (<c>If-None-Match: *</c>, so only
/// one run can create it), renewed while the run goes on (<c>If-Match</c> its own version, so a run that lost it
/// finds out), and lapsing <see cref="Ttl"/> after its last renewal, so that a killed run does not lock out its
/// successor for longer than that; on the machine it ran on, as soon as its process is gone. A lapsed lease is taken
/// over with <c>If-Match</c> the version read.
/// </summary>
internal sealed class S3Lease : IAsyncDisposable
{
    private readonly IAmazonS3 _client;
    private readonly S3Location _location;
    private readonly string _key;
    private readonly S3RetryOptions _retry;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private LockHolder _holder;
    private string? _etag;
    private Task? _renewing;
    private volatile string? _lost;

    public S3Lease(
        IAmazonS3 client,
        S3Location location,
        string key,
        LockHolder holder,
        TimeSpan ttl,
        S3RetryOptions retry,
        TimeProvider? clock = null
    )
    {
        _client = client;
        _location = location;
        _key = key;
        _holder = holder;
        Ttl = ttl;
        _retry = retry;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>How long the lease lasts after each renewal.</summary>
    public TimeSpan Ttl { get; }

    private string Uri => _location.UriOf(_key);

    /// <summary>Takes the lease, or throws <see cref="CheckpointLockedException"/> naming its holder.</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await TryPutAsync(ifNoneMatch: true, ifMatch: null, cancellationToken).ConfigureAwait(false))
                break;
            var (current, etag) = await ReadAsync(cancellationToken).ConfigureAwait(false);
            if (current is null)
                continue; // released in between: try again
            if (current.RunId == _holder.RunId)
            {
                _etag = etag; // our own put, whose answer was lost and which was retried
                break;
            }
            var lapsed = current.Expires is not { } expires || expires <= _clock.GetUtcNow() || DiedHere(current);
            if (lapsed && await TryPutAsync(ifNoneMatch: false, ifMatch: etag, cancellationToken).ConfigureAwait(false))
                break;
            if (!lapsed || attempt >= 3)
                throw new CheckpointLockedException(
                    $"--checkpoint-dir {_location} is in use by another run ({current.Describe()}); "
                        + "two runs on one checkpoint would each write every line: wait for it to end, stop it, or use another --checkpoint-dir"
                );
        }
        _renewing = RenewAsync(_stop.Token);
    }

    /// <summary>
    /// Whether the holder ran on this machine and its process is gone (killed, crashed): its lease need not be waited
    /// out. A process of the same id started after the holder is another one.
    /// </summary>
    private static bool DiedHere(LockHolder holder)
    {
        if (!string.Equals(holder.Host, Environment.MachineName, StringComparison.Ordinal) || holder.Pid <= 0)
            return false;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(holder.Pid);
            return process.HasExited || process.StartTime.ToUniversalTime() > holder.Started.UtcDateTime.AddSeconds(5);
        }
        catch (Exception e)
            when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return e is ArgumentException; // no such process; when the start time cannot be read, the holder is taken as alive
        }
    }

    /// <summary>Throws when the lease could not be kept: the run must not commit progress it may share with another.</summary>
    public void ThrowIfLost()
    {
        if (_lost is { } why)
            throw new CheckpointException(
                $"the lease on {Uri} was lost ({why}): another run may be using this checkpoint; this run stops without committing"
            );
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var lastRenewed = _clock.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Ttl / 4, _clock, cancellationToken).ConfigureAwait(false);
                if (!await TryPutAsync(ifNoneMatch: false, ifMatch: _etag, cancellationToken).ConfigureAwait(false))
                {
                    _lost = "another run replaced it after it lapsed";
                    return;
                }
                lastRenewed = _clock.GetUtcNow();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (IOException e)
            {
                // Retried already; the next round tries again, unless the lease has lapsed meanwhile.
                if (_clock.GetUtcNow() - lastRenewed >= Ttl)
                {
                    _lost = $"it could not be renewed before it lapsed: {e.Message}";
                    return;
                }
            }
        }
    }

    /// <summary>Writes the lease; false when the condition did not hold (412), or when a concurrent write won (409).</summary>
    private async Task<bool> TryPutAsync(bool ifNoneMatch, string? ifMatch, CancellationToken cancellationToken)
    {
        _holder = _holder with { Expires = _clock.GetUtcNow() + Ttl };
        var request = new PutObjectRequest
        {
            BucketName = _location.Bucket,
            Key = _key,
            ContentBody = _holder.ToJson(),
            ContentType = "application/json",
            UseChunkEncoding = S3Compatibility.UsesChecksums(_client),
        };
        if (ifNoneMatch)
            request.IfNoneMatch = "*";
        if (ifMatch is not null)
            request.IfMatch = ifMatch;
        try
        {
            var response = await S3Retry
                .RunAsync(_retry, $"writing the lease {Uri}", ct => _client.PutObjectAsync(request, ct), cancellationToken)
                .ConfigureAwait(false);
            _etag = response.ETag;
            return true;
        }
        catch (IOException e)
            when (e.InnerException is AmazonServiceException { StatusCode: HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict })
        {
            return false;
        }
    }

    private async Task<(LockHolder? Holder, string? ETag)> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await S3Retry
                .RunAsync(
                    _retry,
                    $"reading the lease {Uri}",
                    async ct =>
                    {
                        using var response = await _client.GetObjectAsync(_location.Bucket, _key, ct).ConfigureAwait(false);
                        using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
                        var text = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
                        // Unreadable text holds the location like any other until it lapses; its age is unknown, so it is taken as lapsed.
                        return (
                            LockHolder.TryParse(text)
                                ?? new LockHolder("(unreadable lease)", 0, response.LastModified ?? DateTime.UtcNow, "?"),
                            response.ETag
                        );
                    },
                    cancellationToken
                )
                .ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is { } inner && S3Errors.IsNotFound(inner))
        {
            return (null, null);
        }
    }

    /// <summary>Stops renewing and removes the lease (unless it was lost: then it is another run's).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_renewing is not null)
            await _renewing.ConfigureAwait(false);
        _stop.Dispose();
        if (_lost is not null)
            return;
        try
        {
            await S3Retry
                .RunAsync(
                    _retry,
                    $"removing the lease {Uri}",
                    ct => _client.DeleteObjectAsync(_location.Bucket, _key, ct),
                    CancellationToken.None
                )
                .ConfigureAwait(false);
        }
        catch (IOException)
        {
            // It lapses by itself.
        }
    }
}
