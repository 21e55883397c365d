using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Kinesis;
using Amazon.Runtime;
using EventRecovery.Job.Sinks.Kinesis;

namespace EventRecovery.Testing;

/// <summary>
/// A real Kinesis API on loopback: npm kinesalite (in memory), started once for the tests of the collection and
/// stopped after. Installed into .tools/ by scripts/test.sh.
/// </summary>
public sealed class Kinesalite : IAsyncLifetime
{
    /// <summary>Signing region of every test client; kinesalite accepts any.</summary>
    public const string Region = "us-east-1";

    private Process? _process;
    private readonly StringWriter _log = new();

    /// <summary>Any keys do: kinesalite checks the Authorization header's form, not its signature.</summary>
    public static readonly BasicAWSCredentials Credentials = new("AKIDKINESALITE", "kinesalite-secret");

    public Uri Url { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var root = Loopback.RepositoryRoot();
        var cli = Path.Combine(root, ".tools", "node_modules", ".bin", "kinesalite");
        if (!File.Exists(cli))
            throw new InvalidOperationException($"{cli} is missing: run scripts/test.sh, or npm install --prefix .tools kinesalite@3.3.3");
        // The free port is released before kinesalite binds it; another test process may take it in between
        // (then kinesalite exits, and whatever took the port answers instead). Start again on another port then.
        for (var attempt = 1; ; attempt++)
        {
            if (await TryStartAsync(cli, Loopback.FreePort()))
                return;
            if (attempt == 3)
                throw new InvalidOperationException($"kinesalite could not keep a port after 3 attempts: {Log}");
        }
    }

    private async Task<bool> TryStartAsync(string cli, int port)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (
            var argument in new[]
            {
                cli,
                "--port",
                port.ToString(),
                "--createStreamMs",
                "0",
                "--deleteStreamMs",
                "0",
                "--updateStreamMs",
                "0",
                "--shardLimit",
                "1000",
            }
        )
            start.ArgumentList.Add(argument);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) =>
        {
            lock (_log)
                _log.WriteLine(e.Data);
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_log)
                _log.WriteLine(e.Data);
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Url = new Uri($"http://127.0.0.1:{port}/");

        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                return false;
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                await Task.Delay(500);
                return !_process.HasExited;
            }
            catch (SocketException) when (waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }
        }
    }

    public string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    /// <summary>An AWS SDK client pointed at kinesalite, or at <paramref name="url"/> (a proxy in front of it).</summary>
    internal IAmazonKinesis Client(Uri? url = null) =>
        new AmazonKinesisClient(
            Credentials,
            new AmazonKinesisConfig { ServiceURL = (url ?? Url).ToString(), AuthenticationRegion = Region }
        );

    /// <summary>Sink options for <paramref name="stream"/> on kinesalite or on <paramref name="url"/>.</summary>
    public KinesisSinkOptions Options(string stream, Uri? url = null) =>
        new(stream)
        {
            Region = Region,
            EndpointUrl = (url ?? Url).ToString(),
            Credentials = Credentials,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(200),
            RetryDeadline = TimeSpan.FromSeconds(60),
            RequestTimeout = TimeSpan.FromSeconds(10),
            MaxBatchDelay = TimeSpan.FromMinutes(1), // batches cut by size and count only, so tests can count requests
        };

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
            _process.Kill(entireProcessTree: true);
        _process?.WaitForExit(5000);
        _process?.Dispose();
        return Task.CompletedTask;
    }
}
