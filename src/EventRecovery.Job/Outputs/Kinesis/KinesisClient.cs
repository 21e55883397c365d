using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventRecovery.Job.Outputs.Kinesis;

/// <summary>The stream as DescribeStreamSummary reports it.</summary>
internal sealed record StreamSummary(string StreamName, string StreamStatus, int OpenShardCount);

/// <summary>
/// A small Kinesis Data Streams client over <see cref="HttpClient"/> for the JSON 1.1 protocol
/// (<c>POST /</c>, <c>X-Amz-Target: Kinesis_20131202.Op</c>, <c>Content-Type: application/x-amz-json-1.1</c>), signed with
/// SigV4. Only what the job needs is typed; tests use <see cref="InvokeAsync"/> for the rest. One attempt per call:
/// retrying is the caller's policy. Safe for concurrent use.
/// </summary>
internal sealed class KinesisClient : IDisposable
{
    private const string TargetPrefix = "Kinesis_20131202.";
    private readonly HttpClient _http;
    private readonly CredentialSource _credentials;

    public KinesisClient(KinesisEndpoint endpoint, CredentialSource credentials, TimeSpan requestTimeout, int maxConnections, HttpMessageHandler? handler = null)
    {
        Endpoint = endpoint;
        RequestTimeout = requestTimeout;
        _credentials = credentials;
        handler ??= new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(2, maxConnections),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5), // follow DNS changes of the service endpoint
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(4), // before servers that close idle connections at 5 s (Node)
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Where requests go and the region they are signed for.</summary>
    public KinesisEndpoint Endpoint { get; }

    /// <summary>Time after which one call is abandoned with a retryable <c>RequestTimeout</c>.</summary>
    public TimeSpan RequestTimeout { get; }

    /// <summary>The keys requests are signed with (also resolves them, for an early check).</summary>
    public CredentialSource Credentials => _credentials;

    /// <summary>
    /// Sends one operation with a JSON body and returns the response body. Throws <see cref="KinesisException"/> for an
    /// error response, a timeout or a broken connection; <see cref="OperationCanceledException"/> only when
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<byte[]> InvokeAsync(string operation, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var keys = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint.Url) { Version = HttpVersion.Version11 };
        request.Content = new ReadOnlyMemoryContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", TargetPrefix + operation);
        SigV4.Sign(request, body.Span, keys, Endpoint.Region, "kinesis", DateTime.UtcNow);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode) return bytes;
            throw ErrorFrom(operation, response, bytes);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KinesisException("RequestTimeout", $"{operation}: no response from {Endpoint.Url} within {RequestTimeout.TotalSeconds:0.###} s", null, retryable: true, throttled: false, e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new KinesisException("ConnectionError", $"{operation}: {Endpoint.Url}: {e.Message}", null, retryable: true, throttled: false, e);
        }
    }

    /// <summary>The stream's status and open shards; <c>ResourceNotFoundException</c> when it does not exist.</summary>
    public async Task<StreamSummary> DescribeStreamSummaryAsync(string streamName, CancellationToken cancellationToken)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["StreamName"] = streamName }.ToJsonString());
        var response = await InvokeAsync("DescribeStreamSummary", body, cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(response);
            var summary = document.RootElement.GetProperty("StreamDescriptionSummary");
            return new StreamSummary(
                summary.GetProperty("StreamName").GetString()!,
                summary.GetProperty("StreamStatus").GetString()!,
                summary.TryGetProperty("OpenShardCount", out var shards) ? shards.GetInt32() : 0);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new KinesisException("MalformedResponse", $"DescribeStreamSummary: unreadable response: {e.Message}", HttpStatusCode.OK, retryable: true, throttled: false, e);
        }
    }

    /// <summary>
    /// Puts <paramref name="records"/> in one request and returns those Kinesis did not take (by index); the others
    /// are stored. <paramref name="scratch"/> holds the request body and is reused between calls of one caller.
    /// </summary>
    public async Task<List<RecordFailure>> PutRecordsAsync(string streamName, IReadOnlyList<KinesisRecord> records, ArrayBufferWriter<byte> scratch, CancellationToken cancellationToken)
    {
        scratch.ResetWrittenCount();
        PutRecordsMessages.WriteRequest(scratch, streamName, records);
        var response = await InvokeAsync("PutRecords", scratch.WrittenMemory, cancellationToken).ConfigureAwait(false);
        return PutRecordsMessages.ReadFailures(response, records.Count);
    }

    private static KinesisException ErrorFrom(string operation, HttpResponseMessage response, byte[] body)
    {
        string? type = null, message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String) continue;
                    if (property.NameEquals("__type")) type = property.Value.GetString();
                    else if (property.Name.Equals("message", StringComparison.OrdinalIgnoreCase)) message = property.Value.GetString();
                }
            }
        }
        catch (JsonException)
        {
            message = body.Length == 0 ? null : System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));
        }
        if (type is null && response.Headers.TryGetValues("x-amzn-ErrorType", out var header)) type = header.FirstOrDefault();
        return KinesisErrors.FromResponse(operation, response.StatusCode, type, message);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _credentials.Dispose();
    }
}
