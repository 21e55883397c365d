using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EventRecovery.Bench.Kinesis;

/// <summary>
/// A Kinesis endpoint on loopback that answers as fast as it can, so that a client is what is measured: kinesalite
/// stores every record and takes far longer per request than the client does. It speaks the JSON 1.1 protocol
/// (<c>X-Amz-Target: Kinesis_20131202.Op</c>), answers <c>DescribeStreamSummary</c> with an ACTIVE stream and
/// <c>PutRecords</c> with a sequence number and shard for every record, and counts the records and payload bytes it
/// took (the base64 of each <c>Data</c>, decoded), so a run can prove that every record arrived. Signatures are not
/// checked.
/// </summary>
internal sealed class FakeKinesis : IAsyncDisposable
{
    private const string ContentType = "application/x-amz-json-1.1";
    private const string TargetPrefix = "Kinesis_20131202.";
    private readonly WebApplication _app;
    private long _records,
        _bytes,
        _requests,
        _sequence;

    private FakeKinesis(WebApplication app) => _app = app;

    /// <summary>Where clients send requests: <c>http://127.0.0.1:PORT</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Records taken by PutRecords so far.</summary>
    public long Records => Interlocked.Read(ref _records);

    /// <summary>Payload bytes (decoded) taken by PutRecords so far.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Requests answered so far, of every operation.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Starts listening on a free loopback port.</summary>
    public static async Task<FakeKinesis> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = 16 << 20; // a 5 MiB PutRecords grows by a third in base64
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        var fake = new FakeKinesis(app);
        app.Run(fake.AnswerAsync);
        await app.StartAsync().ConfigureAwait(false);
        fake.Url = new Uri(app.Urls.First());
        return fake;
    }

    /// <summary>
    /// Answers a few hundred PutRecords of its own, so that its code is compiled and tiered up before the first
    /// measured run (its CPU time is reported), then resets the counters.
    /// </summary>
    public async Task WarmUpAsync()
    {
        using var http = new HttpClient();
        var body = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("StreamName"u8, "bench");
            json.WriteStartArray("Records"u8);
            for (var i = 0; i < 500; i++)
            {
                json.WriteStartObject();
                json.WriteBase64String("Data"u8, new byte[1500]);
                json.WriteString("PartitionKey"u8, "0123456789abcdef0123456789abcdef");
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        for (var i = 0; i < 300; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new ReadOnlyMemoryContent(body.WrittenMemory) };
            request.Headers.Add("X-Amz-Target", TargetPrefix + "PutRecords");
            using var response = await http.SendAsync(request).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        }
        Interlocked.Exchange(ref _records, 0);
        Interlocked.Exchange(ref _bytes, 0);
        Interlocked.Exchange(ref _requests, 0);
    }

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        var body = Rent();
        var answer = Rent();
        try
        {
            await ReadBodyAsync(context.Request, body).ConfigureAwait(false);
            switch (target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? target[TargetPrefix.Length..] : target)
            {
                case "PutRecords":
                    PutRecords(body.WrittenSpan, answer);
                    break;
                case "DescribeStreamSummary":
                    DescribeStreamSummary(body.WrittenSpan, answer);
                    break;
                default:
                    await ErrorAsync(context, 400, "UnknownOperationException", $"not served by the bench: '{target}'")
                        .ConfigureAwait(false);
                    return;
            }
            context.Response.ContentType = ContentType;
            context.Response.ContentLength = answer.WrittenCount;
            context.Response.Headers["x-amzn-RequestId"] = "bench";
            await context.Response.Body.WriteAsync(answer.WrittenMemory).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            await ErrorAsync(context, 400, "SerializationException", e.Message).ConfigureAwait(false);
        }
        finally
        {
            Return(body);
            Return(answer);
        }
    }

    // Buffers of megabytes, reused: fresh ones would cost this process more than the requests themselves (page faults).
    private readonly ConcurrentQueue<ArrayBufferWriter<byte>> _buffers = new();

    private ArrayBufferWriter<byte> Rent() => _buffers.TryDequeue(out var buffer) ? buffer : new ArrayBufferWriter<byte>(1 << 20);

    private void Return(ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        _buffers.Enqueue(buffer);
    }

    private static async Task ReadBodyAsync(HttpRequest request, ArrayBufferWriter<byte> body)
    {
        while (true)
        {
            var read = await request.Body.ReadAsync(body.GetMemory(64 << 10)).ConfigureAwait(false);
            if (read == 0)
                return;
            body.Advance(read);
        }
    }

    /// <summary>
    /// Counts the records of <c>{"StreamName":…,"Records":[{"Data":base64,"PartitionKey":…},…]}</c> and answers each.
    /// </summary>
    private void PutRecords(ReadOnlySpan<byte> request, ArrayBufferWriter<byte> answer)
    {
        var reader = new Utf8JsonReader(request);
        int records = 0;
        long bytes = 0;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 3 || !reader.ValueTextEquals("Data"u8))
                continue;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
                throw new JsonException($"record {records}: Data is {reader.TokenType}, not a base64 string");
            bytes += reader.ValueIsEscaped ? reader.GetBytesFromBase64().Length : DecodedLength(reader.ValueSpan);
            records++;
        }
        Interlocked.Add(ref _records, records);
        Interlocked.Add(ref _bytes, bytes);

        var first = Interlocked.Add(ref _sequence, records) - records;
        using var json = new Utf8JsonWriter(answer, new JsonWriterOptions { SkipValidation = true });
        json.WriteStartObject();
        json.WriteNumber("FailedRecordCount"u8, 0);
        json.WriteStartArray("Records"u8);
        Span<char> sequence = stackalloc char[56];
        for (var i = 0; i < records; i++)
        {
            json.WriteStartObject();
            // Kinesis sequence numbers are decimal strings of 56 digits.
            (first + i).TryFormat(sequence, out _, "D56", CultureInfo.InvariantCulture);
            json.WriteString("SequenceNumber"u8, sequence);
            json.WriteString("ShardId"u8, "shardId-000000000000"u8);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void DescribeStreamSummary(ReadOnlySpan<byte> request, ArrayBufferWriter<byte> answer)
    {
        var stream = "bench";
        var reader = new Utf8JsonReader(request);
        while (reader.Read())
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("StreamName"u8) && reader.Read())
                stream = reader.GetString() ?? stream;
        using var json = new Utf8JsonWriter(answer);
        json.WriteStartObject();
        json.WriteStartObject("StreamDescriptionSummary"u8);
        json.WriteString("StreamName"u8, stream);
        json.WriteString("StreamARN"u8, $"arn:aws:kinesis:us-east-1:000000000000:stream/{stream}");
        json.WriteString("StreamStatus"u8, "ACTIVE"u8);
        json.WriteNumber("RetentionPeriodHours"u8, 24);
        json.WriteNumber("StreamCreationTimestamp"u8, 1_700_000_000);
        json.WriteString("EncryptionType"u8, "NONE"u8);
        json.WriteNumber("OpenShardCount"u8, 1);
        json.WriteNumber("ConsumerCount"u8, 0);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static async Task ErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        var answer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(answer))
        {
            json.WriteStartObject();
            json.WriteString("__type"u8, type);
            json.WriteString("message"u8, message);
            json.WriteEndObject();
        }
        await context.Response.Body.WriteAsync(answer.WrittenMemory).ConfigureAwait(false);
    }

    private static int DecodedLength(ReadOnlySpan<byte> base64)
    {
        var padding = base64.Length > 0 && base64[^1] == '=' ? (base64.Length > 1 && base64[^2] == '=' ? 2 : 1) : 0;
        return base64.Length / 4 * 3 - padding;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
