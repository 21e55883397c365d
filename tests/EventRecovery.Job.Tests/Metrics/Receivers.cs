using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EventRecovery.Job.Tests.Metrics;

/// <summary>A loopback UDP socket standing in for the CloudWatch agent: every datagram is one received text.</summary>
internal sealed class UdpReceiver : IDisposable
{
    private readonly UdpClient _client = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly Task _loop;

    public UdpReceiver() => _loop = Task.Run(LoopAsync);

    public int Port => ((IPEndPoint)_client.Client.LocalEndPoint!).Port;

    public BlockingCollection<string> Received { get; } = [];

    private async Task LoopAsync()
    {
        try
        {
            while (true)
            {
                var datagram = await _client.ReceiveAsync();
                Received.Add(Encoding.UTF8.GetString(datagram.Buffer));
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException) { }
    }

    public void Dispose()
    {
        _client.Dispose();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}

/// <summary>A loopback TCP listener standing in for the CloudWatch agent: every line of every connection is one received text.</summary>
internal sealed class TcpReceiver : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TcpReceiver()
    {
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public BlockingCollection<string> Received { get; } = [];

    public int Connections;

    public int ClosedConnections;

    /// <summary>Waits until every connection accepted so far was closed by the sender.</summary>
    public void WaitForClose() =>
        Assert.True(
            SpinWait.SpinUntil(() => Volatile.Read(ref ClosedConnections) == Volatile.Read(ref Connections), TimeSpan.FromSeconds(10)),
            "the sender did not close its connection"
        );

    private async Task LoopAsync()
    {
        var readers = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref Connections);
                readers.Add(
                    Task.Run(async () =>
                    {
                        using var _ = client;
                        using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
                        while (await reader.ReadLineAsync(_stop.Token) is { } line)
                            Received.Add(line);
                        Interlocked.Increment(ref ClosedConnections);
                    })
                );
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException) { }
        try
        {
            await Task.WhenAll(readers);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
