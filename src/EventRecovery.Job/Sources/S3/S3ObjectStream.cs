using Amazon.S3;
using Amazon.S3.Model;
using EventRecovery.Job.Aws;

namespace EventRecovery.Job.Sources.S3;

/// <summary>
/// The bytes of an S3 object from an offset to its end, read as a sequence of ranged GETs. When a response breaks
/// (reset, early end, 5xx, throttling, a stall longer than the idle timeout) the next GET starts at the last byte
/// delivered, after a backoff, so a broken download resumes instead of starting over. After
/// <see cref="Aws.AwsRetryOptions.MaxAttempts"/> failures in a row without progress it throws an <see cref="IOException"/>
/// naming the object and the offset.
/// </summary>
internal sealed class S3ObjectStream(IAmazonS3 client, S3ObjectSplit split, long offset, S3InputOptions options) : Stream
{
    private readonly long _end = split.ObjectLength;
    private long _position = offset;
    private long _requestBytes = Math.Max(1, options.FirstRequestBytes);
    private GetObjectResponse? _response;
    private Stream? _body;
    private long _bodyEnd; // exclusive end of the range the current response covers
    private int _failures; // failures in a row without a byte delivered

    /// <summary>Opens the first response, so that a missing object or a denied access shows at open time.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Exception error;
            try
            {
                await OpenBodyAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                error = e;
            }
            await BackOffOrThrowAsync(error, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0 || _position >= _end)
            return 0;
        while (true)
        {
            Exception error;
            try
            {
                if (_body is null || _position >= _bodyEnd)
                    await OpenBodyAsync(cancellationToken).ConfigureAwait(false);
                var wanted = (int)Math.Min(buffer.Length, _bodyEnd - _position);
                var n = await ReadBodyAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false);
                // A response that ends before its Content-Length is a broken connection, however the client reported it.
                if (n == 0)
                    throw new IOException($"the response ended at byte {_position}, before byte {_bodyEnd}");
                _position += n;
                _failures = 0;
                return n;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                CloseBody();
                throw;
            }
            catch (Exception e)
            {
                error = e;
            }
            await BackOffOrThrowAsync(error, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    private async Task OpenBodyAsync(CancellationToken cancellationToken)
    {
        CloseBody();
        var last = Math.Min(_end, _position + _requestBytes) - 1;
        var request = new GetObjectRequest
        {
            BucketName = split.Bucket,
            Key = split.Key,
            ByteRange = new ByteRange(_position, last),
            EtagToMatch = split.ETag,
        };
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(options.ReadIdleTimeout);
        try
        {
            _response = await client.GetObjectAsync(request, idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {options.ReadIdleTimeout.TotalSeconds:0.#} s", e);
        }
        // A server that ignores the Range header would hand us bytes from the wrong place: never read those.
        if (_response.ContentLength != last + 1 - _position)
            throw new InvalidDataException($"asked for bytes {_position}-{last}, the server sent {_response.ContentLength} bytes");
        _body = _response.ResponseStream;
        _bodyEnd = last + 1;
        _requestBytes = Math.Min(_requestBytes * 2, Math.Max(options.MaxRequestBytes, options.FirstRequestBytes));
    }

    private async Task<int> ReadBodyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(options.ReadIdleTimeout);
        try
        {
            return await _body!.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no data for {options.ReadIdleTimeout.TotalSeconds:0.#} s", e);
        }
    }

    private async Task BackOffOrThrowAsync(Exception error, CancellationToken cancellationToken)
    {
        CloseBody();
        _failures++;
        if (!S3Errors.IsTransient(error) || _failures >= options.Retry.MaxAttempts)
        {
            var tries = _failures > 1 ? $" after {_failures} attempts" : "";
            throw new IOException($"{split.Name}: reading from offset {_position} failed{tries}: {S3Errors.Describe(error)}", error);
        }
        options.Retry.Counter.Increment();
        await Task.Delay(options.Retry.DelayBefore(_failures), cancellationToken).ConfigureAwait(false);
    }

    private void CloseBody()
    {
        // Disposing a response that was not read to its end drops the connection rather than draining it.
        _response?.Dispose();
        _response = null;
        _body = null;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            CloseBody();
        base.Dispose(disposing);
    }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override void Flush() { }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
