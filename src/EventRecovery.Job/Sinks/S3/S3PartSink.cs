using System.Globalization;
using Amazon.S3;
using Amazon.S3.Model;
using EventRecovery.Job.Aws;
using EventRecovery.Job.Sinks.Files;
using S3Location = EventRecovery.Job.Aws.S3Location;

namespace EventRecovery.Job.Sinks.S3;

/// <summary>
/// Records as lines in objects <c>&lt;prefix&gt;/part-&lt;runId&gt;-&lt;n&gt;.txt</c>, named like
/// <see cref="PartFileSink"/>'s files so that shards and restarts never collide. Records are buffered in memory;
/// an object is completed when it reaches <see cref="S3PartSinkOptions.MaxObjectBytes"/> and at every
/// <see cref="FlushAsync"/>, so a record counts as written only once its object is complete and visible. Small
/// objects are sent with one PutObject, larger ones with a multipart upload. Disposing without completing aborts
/// the upload in progress: nothing half-written ever becomes visible.
/// </summary>
public sealed class S3PartSink : IRecordSink
{
    private const int InitialBufferBytes = 64 << 10;

    private readonly IAmazonS3 _client;
    private readonly string _runId;
    private readonly S3PartSinkOptions _options;
    private readonly bool _checksums;
    private PartBuffer? _buffer; // bytes of the current object not yet sent
    private MultipartObjectUpload? _upload; // set once the current object outgrew one part
    private string? _key; // the current object, from its first record on
    private long _objectBytes;
    private int _objectNumber;

    /// <summary>A sink writing under <paramref name="location"/>; <paramref name="runId"/> must be unique per run and shard.</summary>
    public S3PartSink(IAmazonS3 client, S3Location location, string runId, S3PartSinkOptions? options = null)
    {
        _client = client;
        Location = location;
        _runId = runId;
        _options = options ?? new S3PartSinkOptions();
        _options.Validate();
        _checksums = S3Compatibility.UsesChecksums(client);
    }

    /// <summary>The same as the constructor: the entry point for the command line.</summary>
    public static S3PartSink Create(IAmazonS3 client, S3Location location, string runId, S3PartSinkOptions? options = null) =>
        new(client, location, runId, options);

    /// <summary>Where the objects go.</summary>
    public S3Location Location { get; }

    /// <inheritdoc />
    public string Description => Location.ToString();

    /// <summary>URIs of the completed objects, in order.</summary>
    public List<string> CompletedObjects { get; } = [];

    /// <summary>Retries made by uploads (shared with whoever shares the retry options).</summary>
    public long Retries => _options.Retry.Counter.Count;

    /// <inheritdoc />
    public Task CheckWritableAsync(CancellationToken cancellationToken) =>
        S3WriteCheck.RunAsync(_client, Location, _options.Retry, cancellationToken);

    /// <inheritdoc />
    public ValueTask WriteAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken)
    {
        _buffer ??= new PartBuffer(InitialBufferBytes);
        _key ??= Location.KeyOf($"part-{_runId}-{_objectNumber++.ToString("D5", CultureInfo.InvariantCulture)}.txt");
        _buffer.AppendLine(record.Span);
        _objectBytes += record.Length + 1;
        // Most records only land in the buffer: no task, no allocation.
        if (_buffer.Length < _options.PartBytes && _objectBytes < _options.MaxObjectBytes)
            return ValueTask.CompletedTask;
        return new ValueTask(SendAsync(cancellationToken));
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        if (_buffer!.Length >= _options.PartBytes)
        {
            _upload ??= await MultipartObjectUpload
                .StartAsync(_client, Location.Bucket, _key!, _options, cancellationToken)
                .ConfigureAwait(false);
            var full = _buffer;
            _buffer = null;
            await _upload.UploadPartAsync(full, cancellationToken).ConfigureAwait(false);
        }
        if (_objectBytes >= _options.MaxObjectBytes)
            await CompleteObjectAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Completes the current object: everything written so far is in complete, visible objects.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_key is not null)
            await CompleteObjectAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task CompleteAsync(CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    private async Task CompleteObjectAsync(CancellationToken cancellationToken)
    {
        var key = _key!;
        if (_upload is null)
        {
            await PutAsync(key, _buffer!, cancellationToken).ConfigureAwait(false);
            _buffer!.Dispose();
        }
        else
        {
            // The last part may be smaller than the minimum part size: S3 allows that for the last one.
            if (_buffer is { Length: > 0 })
                await _upload.UploadPartAsync(_buffer, cancellationToken).ConfigureAwait(false);
            else
                _buffer?.Dispose();
            await _upload.CompleteAsync(_objectBytes, cancellationToken).ConfigureAwait(false);
        }
        _buffer = null;
        _upload = null;
        _key = null;
        _objectBytes = 0;
        CompletedObjects.Add(Location.UriOf(key));
        Metrics.JobInstruments.PartsWritten.Add(1);
    }

    private Task PutAsync(string key, PartBuffer buffer, CancellationToken cancellationToken) =>
        S3Retry.RunAsync(
            _options.Retry,
            $"uploading {Location.UriOf(key)}",
            ct =>
                _client.PutObjectAsync(
                    new PutObjectRequest
                    {
                        BucketName = Location.Bucket,
                        Key = key,
                        InputStream = buffer.OpenRead(),
                        ContentType = "text/plain",
                        UseChunkEncoding = _checksums,
                    },
                    ct
                ),
            cancellationToken
        );

    /// <summary>Aborts an unfinished multipart upload and drops buffered records, which were never reported durable.</summary>
    public async ValueTask DisposeAsync()
    {
        var upload = _upload;
        _upload = null;
        if (upload is not null)
            await upload.AbortAsync().ConfigureAwait(false);
        _buffer?.Dispose();
        _buffer = null;
        _key = null;
    }
}
