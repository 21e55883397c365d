using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EventRecovery.Testing;

namespace EventRecovery.Job.Tests.Sinks.Kinesis;

/// <summary>What the proxy does to one request.</summary>
public enum Fault
{
    /// <summary>Forwarded, answer relayed.</summary>
    None,

    /// <summary>Some records (about <see cref="FaultProxy.PartialFailureRate"/>) are dropped and reported failed
    /// (ProvisionedThroughputExceededException or InternalFailure); the others are forwarded.</summary>
    PartialFailure,

    /// <summary>400 ProvisionedThroughputExceededException; nothing forwarded.</summary>
    Throttle,

    /// <summary>500 InternalFailure; nothing forwarded.</summary>
    ServerError,

    /// <summary>Forwarded (records stored), then 500: the sink cannot know, resends, duplicates appear.</summary>
    ServerErrorAfterForward,

    /// <summary>The connection is closed without an answer; nothing forwarded.</summary>
    DropConnection,

    /// <summary>Forwarded, then the connection is closed without an answer.</summary>
    DropAfterForward,

    /// <summary>Forwarded after <see cref="FaultProxy.Delay"/>.</summary>
    Delay,
}

/// <summary>
/// A fault-injecting HTTP proxy on loopback in front of kinesalite. <see cref="Policy"/> picks the fault of each
/// PutRecords request (other operations pass through); the proxy records what it saw: records and bytes per
/// PutRecords request, faults injected, most records inside requests at the same time.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream = new(
        new SocketsHttpHandler { UseCookies = false, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2) }
    )
    {
        Timeout = TimeSpan.FromSeconds(60),
    };
    private readonly Uri _target;
    private readonly Task _loop;
    private readonly Random _random = new(7);
    private int _putRequests;
    private long _recordsInFlight,
        _maxRecordsInFlight;

    public FaultProxy(Uri target)
    {
        _target = target;
        var port = Loopback.FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Url { get; }

    /// <summary>The fault of PutRecords request number n (1-based).</summary>
    public Func<int, Fault> Policy { get; set; } = _ => Fault.None;

    public double PartialFailureRate { get; set; } = 0.3;

    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Records and bytes (data + partition key, decoded) of every PutRecords request received.</summary>
    public ConcurrentQueue<(int Records, long Bytes)> PutRecordsRequests { get; } = new();

    public ConcurrentDictionary<Fault, int> Injected { get; } = new();

    /// <summary>Records that failed one by one in <see cref="Fault.PartialFailure"/> answers.</summary>
    public int RecordsFailed;

    /// <summary>The most records inside PutRecords requests being handled at the same time.</summary>
    public long MaxRecordsInFlight => Interlocked.Read(ref _maxRecordsInFlight);

    public string Report() =>
        $"{PutRecordsRequests.Count} PutRecords requests; faults: {string.Join(", ", Injected.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}; "
        + $"records failed one by one: {RecordsFailed}; most records in flight: {MaxRecordsInFlight}";

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var target = context.Request.Headers["X-Amz-Target"] ?? "";
            if (!target.EndsWith(".PutRecords", StringComparison.Ordinal))
            {
                await RelayAsync(context, await ForwardAsync(context.Request, body));
                return;
            }

            var request = JsonNode.Parse(body)!;
            var records = request["Records"]!.AsArray();
            var bytes = records.Sum(r =>
                (long)Convert.FromBase64String((string)r!["Data"]!).Length + Encoding.UTF8.GetByteCount((string)r["PartitionKey"]!)
            );
            PutRecordsRequests.Enqueue((records.Count, bytes));
            var inFlight = Interlocked.Add(ref _recordsInFlight, records.Count);
            long seen;
            while (
                inFlight > (seen = Interlocked.Read(ref _maxRecordsInFlight))
                && Interlocked.CompareExchange(ref _maxRecordsInFlight, inFlight, seen) != seen
            ) { }
            try
            {
                var fault = Policy(Interlocked.Increment(ref _putRequests));
                Injected.AddOrUpdate(fault, 1, (_, n) => n + 1);
                await InjectAsync(context, fault, body, request);
            }
            finally
            {
                Interlocked.Add(ref _recordsInFlight, -records.Count);
            }
        }
        catch (Exception)
        {
            // The client went away, or kinesalite did not answer: the client sees a dropped connection and retries.
            try
            {
                context.Response.Abort();
            }
            catch (ObjectDisposedException) { }
        }
    }

    private async Task InjectAsync(HttpListenerContext context, Fault fault, byte[] body, JsonNode request)
    {
        switch (fault)
        {
            case Fault.Throttle:
                await RespondAsync(
                    context,
                    400,
                    """{"__type":"ProvisionedThroughputExceededException","message":"Rate exceeded for shard shardId-000000000000 (injected)"}"""
                );
                return;
            case Fault.ServerError:
                await RespondAsync(context, 500, """{"__type":"InternalFailure","message":"injected"}""");
                return;
            case Fault.ServerErrorAfterForward:
                using (await ForwardAsync(context.Request, body)) { }
                await RespondAsync(context, 500, """{"__type":"InternalFailure","message":"injected after the write"}""");
                return;
            case Fault.DropConnection:
                context.Response.Abort();
                return;
            case Fault.DropAfterForward:
                using (await ForwardAsync(context.Request, body)) { }
                context.Response.Abort();
                return;
            case Fault.Delay:
                await Task.Delay(Delay);
                await RelayAsync(context, await ForwardAsync(context.Request, body));
                return;
            case Fault.PartialFailure:
                await PartialFailureAsync(context, request);
                return;
            default:
                await RelayAsync(context, await ForwardAsync(context.Request, body));
                return;
        }
    }

    /// <summary>Drops some records, forwards the others, and answers for all of them in request order.</summary>
    private async Task PartialFailureAsync(HttpListenerContext context, JsonNode request)
    {
        var records = request["Records"]!.AsArray();
        bool[] fail;
        lock (_random)
            fail = records.Select(_ => _random.NextDouble() < PartialFailureRate).ToArray();
        if (fail.All(f => !f))
            fail[0] = true;
        var kept = new JsonArray(records.Where((_, i) => !fail[i]).Select(r => r!.DeepClone()).ToArray());

        JsonArray? upstreamResults = null;
        if (kept.Count > 0)
        {
            var forwarded = new JsonObject { ["StreamName"] = request["StreamName"]!.DeepClone(), ["Records"] = kept };
            using var response = await ForwardAsync(context.Request, Encoding.UTF8.GetBytes(forwarded.ToJsonString()));
            if (!response.IsSuccessStatusCode)
            {
                await RelayAsync(context, response);
                return;
            }
            upstreamResults = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["Records"]!.AsArray();
        }

        var results = new JsonArray();
        int failed = 0,
            next = 0;
        for (var i = 0; i < fail.Length; i++)
        {
            if (!fail[i])
            {
                results.Add(upstreamResults![next++]!.DeepClone());
                continue;
            }
            failed++;
            results.Add(
                i % 2 == 0
                    ? new JsonObject
                    {
                        ["ErrorCode"] = "ProvisionedThroughputExceededException",
                        ["ErrorMessage"] = "Rate exceeded for shard shardId-000000000001 (injected)",
                    }
                    : new JsonObject { ["ErrorCode"] = "InternalFailure", ["ErrorMessage"] = "Internal service failure (injected)" }
            );
        }
        Interlocked.Add(ref RecordsFailed, failed);
        await RespondAsync(context, 200, new JsonObject { ["FailedRecordCount"] = failed, ["Records"] = results }.ToJsonString());
    }

    private async Task<HttpResponseMessage> ForwardAsync(HttpListenerRequest incoming, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _target) { Content = new ByteArrayContent(body) };
        foreach (var name in incoming.Headers.AllKeys)
        {
            if (
                name is null
                || name.Equals("Host", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Expect", StringComparison.OrdinalIgnoreCase)
            )
                continue;
            var value = incoming.Headers[name]!;
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
                request.Content.Headers.TryAddWithoutValidation(name, value);
            else
                request.Headers.TryAddWithoutValidation(name, value);
        }
        return await _upstream.SendAsync(request);
    }

    private static async Task RelayAsync(HttpListenerContext context, HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync();
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/x-amz-json-1.1";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static async Task RespondAsync(HttpListenerContext context, int status, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _listener.Stop();
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // .NET's managed listener may look its port up again while closing and find another process on it (seen
            // with two test runs at once): the proxy is closed either way, and the test has already decided.
        }
        await _loop;
        _upstream.Dispose();
    }
}
