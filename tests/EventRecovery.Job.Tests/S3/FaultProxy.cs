using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EventRecovery.Job.Tests.S3;

/// <summary>What the proxy does with one request.</summary>
public enum Fault
{
    /// <summary>Forward it and relay the answer.</summary>
    None,

    /// <summary>Answer 500 InternalError without forwarding.</summary>
    InternalError,

    /// <summary>Answer 503 SlowDown (S3's throttling) without forwarding.</summary>
    SlowDown,

    /// <summary>Forward it, relay the headers and half of the body, then reset the connection.</summary>
    DropMidBody,

    /// <summary>Forward it (so it takes effect), then reset the connection without answering.</summary>
    DropAfterForward,
}

/// <summary>One request seen by the proxy.</summary>
/// <param name="Index">0-based order of arrival.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Target">Path and query, e.g. <c>/bucket/key?partNumber=1&amp;uploadId=…</c>.</param>
/// <param name="Headers">Request headers, names lower-cased.</param>
public sealed record ProxyRequest(int Index, string Method, string Target, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>When it arrived, since the proxy started (for diagnostics).</summary>
    public TimeSpan At { get; init; }

    /// <summary>Whether the target's query holds <paramref name="name"/>.</summary>
    public bool HasQuery(string name)
    {
        var q = Target.IndexOf('?');
        return q >= 0 && Target[(q + 1)..].Split('&').Any(p => p == name || p.StartsWith(name + "=", StringComparison.Ordinal));
    }
}

/// <summary>
/// A loopback HTTP/1.1 forwarder in front of s3rver that injects faults chosen per request by a policy: error answers,
/// connections reset mid-body or after the request took effect. It relays bytes untouched otherwise, so SigV4
/// signatures stay valid (s3rver checks them against the Host header the client signed).
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _upstream;
    private readonly Func<ProxyRequest, Fault> _policy;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _accepting;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private int _requests;

    public FaultProxy(Uri upstream, Func<ProxyRequest, Fault> policy)
    {
        _upstream = new IPEndPoint(IPAddress.Parse(upstream.Host), upstream.Port);
        _policy = policy;
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync();
    }

    /// <summary>Where clients connect.</summary>
    public Uri Endpoint { get; }

    /// <summary>Every request seen, with the fault applied to it.</summary>
    public ConcurrentQueue<(ProxyRequest Request, Fault Fault)> Log { get; } = new();

    /// <summary>How many requests got a fault.</summary>
    public int FaultCount => Log.Count(e => e.Fault != Fault.None);

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _connections.Add(Task.Run(() => ServeAsync(client)));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // stopped
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var reader = new HttpReader(stream);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var head = await reader.ReadHeadAsync(_stop.Token);
                if (head is null)
                    return;
                var (method, target, headers) = ParseRequest(head);
                var request = new ProxyRequest(Interlocked.Increment(ref _requests) - 1, method, target, headers) { At = _clock.Elapsed };
                var fault = _policy(request);
                Log.Enqueue((request, fault));
                if (headers.ContainsKey("transfer-encoding"))
                    throw new NotSupportedException("chunked request bodies are not relayed");
                var expectContinue =
                    headers.TryGetValue("expect", out var expect) && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase);
                if (fault is Fault.InternalError or Fault.SlowDown)
                {
                    // A client waiting for "100 Continue" sends no body: answer at once, and close since it might yet send it.
                    if (!expectContinue)
                        await reader.ReadBodyAsync(ContentLength(headers), _stop.Token);
                    await stream.WriteAsync(ErrorResponse(fault), _stop.Token);
                    if (expectContinue)
                        return;
                    continue;
                }
                if (expectContinue)
                    await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), _stop.Token);
                var body = await reader.ReadBodyAsync(ContentLength(headers), _stop.Token);
                var keepOpen = await ForwardAsync(stream, client, head, body, method, fault);
                if (!keepOpen)
                    return;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the client went away, or the proxy stopped
        }
    }

    /// <summary>Sends one request upstream and relays the answer; false when the client connection must close.</summary>
    private async Task<bool> ForwardAsync(
        NetworkStream clientStream,
        TcpClient client,
        byte[] head,
        byte[] body,
        string method,
        Fault fault
    )
    {
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(_upstream, _stop.Token);
        var up = upstream.GetStream();
        await up.WriteAsync(head, _stop.Token);
        await up.WriteAsync(body, _stop.Token);
        var upReader = new HttpReader(up);
        var responseHead = await upReader.ReadHeadAsync(_stop.Token) ?? throw new IOException("upstream closed without answering");
        // The proxy answered any "Expect: 100-continue" itself: skip upstream's interim answers.
        while (StatusOf(responseHead) is >= 100 and < 200)
        {
            responseHead = await upReader.ReadHeadAsync(_stop.Token) ?? throw new IOException("upstream closed without answering");
        }
        var headers = ParseHeaders(Encoding.ASCII.GetString(responseHead).Split("\r\n").Skip(1));
        var status = StatusOf(responseHead);
        var hasBody = method != "HEAD" && status is not (204 or 304);
        long? length = headers.TryGetValue("content-length", out var l) ? long.Parse(l, CultureInfo.InvariantCulture) : null;

        if (fault == Fault.DropAfterForward)
        {
            Reset(client);
            return false;
        }
        await clientStream.WriteAsync(responseHead, _stop.Token);
        if (!hasBody)
            return true;
        if (length is { } n)
        {
            var relay = fault == Fault.DropMidBody ? n / 2 : n;
            await upReader.CopyAsync(clientStream, relay, _stop.Token);
            if (fault == Fault.DropMidBody)
            {
                await clientStream.FlushAsync(_stop.Token);
                Reset(client);
                return false;
            }
            return !IsClose(headers);
        }
        if (headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            await upReader.CopyChunkedAsync(clientStream, _stop.Token);
            return !IsClose(headers);
        }
        await upReader.CopyToEndAsync(clientStream, _stop.Token);
        return false;
    }

    private static void Reset(TcpClient client)
    {
        // Linger 0: close with RST, which the client sees as "connection reset by peer".
        client.Client.LingerState = new LingerOption(true, 0);
        client.Client.Close();
    }

    private static bool IsClose(Dictionary<string, string> headers) =>
        headers.TryGetValue("connection", out var c) && c.Equals("close", StringComparison.OrdinalIgnoreCase);

    private static byte[] ErrorResponse(Fault fault)
    {
        var (status, reason, code) =
            fault == Fault.SlowDown ? (503, "Slow Down", "SlowDown") : (500, "Internal Server Error", "InternalError");
        var body =
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>injected by the test proxy</Message><RequestId>fault</RequestId></Error>";
        return Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: application/xml\r\nContent-Length: {body.Length}\r\n\r\n{body}"
        );
    }

    private static int StatusOf(byte[] responseHead) =>
        int.Parse(Encoding.ASCII.GetString(responseHead, 9, 3), CultureInfo.InvariantCulture);

    private static long ContentLength(Dictionary<string, string> headers) =>
        headers.TryGetValue("content-length", out var l) ? long.Parse(l, CultureInfo.InvariantCulture) : 0;

    private static (string Method, string Target, Dictionary<string, string> Headers) ParseRequest(byte[] head)
    {
        var lines = Encoding.ASCII.GetString(head).Split("\r\n");
        var parts = lines[0].Split(' ');
        return (parts[0], parts[1], ParseHeaders(lines.Skip(1)));
    }

    private static Dictionary<string, string> ParseHeaders(IEnumerable<string> lines)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
                headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        return headers;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_connections.ToArray()).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        _stop.Dispose();
    }

    /// <summary>Reads HTTP/1.1 framing from a stream, keeping what it read ahead.</summary>
    private sealed class HttpReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[64 << 10];
        private int _start,
            _end;

        /// <summary>The head up to and including the blank line, or null at a clean end of stream.</summary>
        public async Task<byte[]?> ReadHeadAsync(CancellationToken ct)
        {
            var head = new MemoryStream();
            var matched = 0;
            while (true)
            {
                if (_start == _end && !await FillAsync(ct))
                {
                    if (head.Length == 0)
                        return null;
                    throw new IOException("connection closed inside a message head");
                }
                var b = _buffer[_start++];
                head.WriteByte(b);
                matched = b == "\r\n\r\n"[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == 4)
                    return head.ToArray();
            }
        }

        public async Task<byte[]> ReadBodyAsync(long length, CancellationToken ct)
        {
            var body = new MemoryStream();
            await CopyAsync(body, length, ct);
            return body.ToArray();
        }

        public async Task CopyAsync(Stream destination, long length, CancellationToken ct)
        {
            while (length > 0)
            {
                if (_start == _end && !await FillAsync(ct))
                    throw new IOException("connection closed inside a body");
                var n = (int)Math.Min(length, _end - _start);
                await destination.WriteAsync(_buffer.AsMemory(_start, n), ct);
                _start += n;
                length -= n;
            }
        }

        public async Task CopyChunkedAsync(Stream destination, CancellationToken ct)
        {
            while (true)
            {
                var sizeLine = await ReadLineAsync(ct);
                await destination.WriteAsync(Encoding.ASCII.GetBytes(sizeLine + "\r\n"), ct);
                var size = long.Parse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    string trailer;
                    do
                    {
                        trailer = await ReadLineAsync(ct);
                        await destination.WriteAsync(Encoding.ASCII.GetBytes(trailer + "\r\n"), ct);
                    } while (trailer.Length > 0);
                    return;
                }
                await CopyAsync(destination, size + 2, ct); // data and its CRLF
            }
        }

        public async Task CopyToEndAsync(Stream destination, CancellationToken ct)
        {
            do
            {
                await destination.WriteAsync(_buffer.AsMemory(_start, _end - _start), ct);
                _start = _end;
            } while (await FillAsync(ct));
        }

        private async Task<string> ReadLineAsync(CancellationToken ct)
        {
            var line = new StringBuilder();
            while (true)
            {
                if (_start == _end && !await FillAsync(ct))
                    throw new IOException("connection closed inside a chunk header");
                var c = (char)_buffer[_start++];
                if (c == '\n')
                    return line.ToString().TrimEnd('\r');
                line.Append(c);
            }
        }

        private async Task<bool> FillAsync(CancellationToken ct)
        {
            _start = 0;
            _end = await stream.ReadAsync(_buffer, ct);
            return _end > 0;
        }
    }
}
