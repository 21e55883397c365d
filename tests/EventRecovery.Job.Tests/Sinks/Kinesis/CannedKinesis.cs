using System.Net;
using System.Text;
using EventRecovery.Testing;

namespace EventRecovery.Job.Tests.Sinks.Kinesis;

/// <summary>
/// An HTTP server on loopback that answers every Kinesis request with one fixed status and body: for the answers
/// kinesalite never gives (access denied, a stream being deleted, bodies that do not account for every record).
/// The requests go through the real AWS SDK client, its signing and its reading of the answer.
/// </summary>
public sealed class CannedKinesis : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly int _status;
    private readonly byte[] _body;
    private readonly string? _errorTypeHeader;
    private int _calls;

    public CannedKinesis(int status, string body, string? errorTypeHeader = null)
    {
        _status = status;
        _body = Encoding.UTF8.GetBytes(body);
        _errorTypeHeader = errorTypeHeader;
        Url = new Uri($"http://127.0.0.1:{Loopback.FreePort()}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Url { get; }

    /// <summary>Requests answered.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The operations asked for, in order (from X-Amz-Target).</summary>
    public List<string> Operations { get; } = [];

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
            try
            {
                await context.Request.InputStream.CopyToAsync(Stream.Null);
                lock (Operations)
                    Operations.Add((context.Request.Headers["X-Amz-Target"] ?? "").Split('.').Last());
                Interlocked.Increment(ref _calls);
                context.Response.StatusCode = _status;
                context.Response.ContentType = "application/x-amz-json-1.1";
                if (_errorTypeHeader is not null)
                    context.Response.Headers["x-amzn-ErrorType"] = _errorTypeHeader;
                context.Response.ContentLength64 = _body.Length;
                await context.Response.OutputStream.WriteAsync(_body);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
            {
                // the client went away
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
