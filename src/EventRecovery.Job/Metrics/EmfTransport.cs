using System.Net.Sockets;

namespace EventRecovery.Job.Metrics;

/// <summary>
/// Sends EMF documents to the CloudWatch agent: one datagram per document over UDP, or newline-delimited documents
/// over one TCP connection (reconnected after a failure). Not thread-safe: the exporter serialises sends.
/// </summary>
public sealed class EmfTransport(EmfEndpoint endpoint) : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private Socket? _socket;

    /// <summary>The destination.</summary>
    public EmfEndpoint Endpoint { get; } = endpoint;

    /// <summary>Sends one document (a line ending with a newline). Throws <see cref="SocketException"/> or <see
    /// cref="OperationCanceledException"/> on failure.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> document, CancellationToken cancellationToken)
    {
        try
        {
            var socket = _socket ?? await ConnectAsync(cancellationToken).ConfigureAwait(false);
            if (Endpoint.Tcp)
            {
                var sent = 0;
                while (sent < document.Length)
                    sent += await socket.SendAsync(document[sent..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await socket.SendAsync(document, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Start over with a new socket next time (a TCP agent that restarted, an ICMP error remembered by UDP).
            _socket?.Dispose();
            _socket = null;
            if (e is ObjectDisposedException)
                throw new SocketException((int)SocketError.NotConnected);
            throw;
        }
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = Endpoint.Tcp
            ? new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
            : new Socket(SocketType.Dgram, ProtocolType.Udp);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            await socket.ConnectAsync(Endpoint.Host, Endpoint.Port, timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _socket = socket;
        return socket;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (_socket is { } socket)
        {
            if (Endpoint.Tcp)
            {
                try
                {
                    socket.Shutdown(SocketShutdown.Send);
                }
                catch (SocketException) { }
            }
            socket.Dispose();
        }
        _socket = null;
        return ValueTask.CompletedTask;
    }
}
