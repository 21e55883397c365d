using System.Diagnostics;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using EventRecovery.Job.Aws;

namespace EventRecovery.Testing;

/// <summary>
/// A real S3 API server (npm s3rver, installed into .tools/ by scripts/test.sh) on a free loopback port, with its data
/// in a temporary folder, shared by the S3 tests. Buckets are made by the tests, one per test class or test.
/// </summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    /// <summary>s3rver's fixed credentials.</summary>
    public static readonly BasicAWSCredentials Credentials = new("S3RVER", "S3RVER");

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "s3rver-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _process;
    private int _bucketCounter;

    /// <summary>Where s3rver listens.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>A client talking to s3rver directly.</summary>
    public IAmazonS3 Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var s3rver = Path.Combine(Loopback.RepositoryRoot(), ".tools", "node_modules", "s3rver");
        if (!File.Exists(Path.Combine(s3rver, "bin", "s3rver.js")))
            throw new InvalidOperationException($"{s3rver} is missing: run scripts/test.sh, or `npm install --prefix .tools s3rver@3.7.1`");
        Directory.CreateDirectory(_dataDir);
        // The free port is released before s3rver binds it; another test process may take it in between (then
        // s3rver exits, and whatever took the port answers instead). Start again on another port when that happens.
        for (var attempt = 1; ; attempt++)
        {
            if (await TryStartAsync(s3rver, Loopback.FreePort()))
                break;
            if (attempt == 3)
                throw new InvalidOperationException($"s3rver could not keep a port after 3 attempts: {Log}");
        }
        Client = ClientFor(Endpoint);
    }

    private async Task<bool> TryStartAsync(string s3rver, int port)
    {
        // Through our launcher, which makes uploads atomic as on real S3 (see the script).
        var launcher = Path.Combine(Loopback.RepositoryRoot(), "tests", "EventRecovery.Testing", "s3rver", "atomic-s3rver.js");
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { launcher, s3rver, "-d", _dataDir, "-a", "127.0.0.1", "-p", port.ToString(), "--silent", "--no-vhost-buckets" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // s3rver ciphers its listing continuation tokens with DES, which Node 17+ offers only from OpenSSL's legacy provider.
            Environment = { ["NODE_OPTIONS"] = "--openssl-legacy-provider" },
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("s3rver did not start");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        if (await WaitUntilListeningAsync(port))
        {
            await Task.Delay(500);
            if (!_process.HasExited)
                return true;
        }
        _process.Dispose();
        return false;
    }

    private readonly System.Text.StringBuilder _log = new();

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.AppendLine(line);
    }

    /// <summary>What s3rver printed, and whether it is still running: for the message of a failing test.</summary>
    public string Log
    {
        get
        {
            lock (_log)
                return (_process is { HasExited: true } p ? $"s3rver EXITED with code {p.ExitCode}\n" : "") + _log;
        }
    }

    /// <summary>A client for <paramref name="endpoint"/> (s3rver, or a proxy in front of it), with fast retries for tests.</summary>
    public static IAmazonS3 ClientFor(Uri endpoint, int sdkRetries = 2) =>
        S3ClientFactory.Create(new S3ClientSettings("us-east-1", endpoint, sdkRetries), Credentials);

    /// <summary>Creates a new empty bucket and returns its name.</summary>
    public async Task<string> NewBucketAsync(string hint = "b")
    {
        var name = $"{hint}-{Interlocked.Increment(ref _bucketCounter)}-{Guid.NewGuid().ToString("N")[..6]}";
        await Client.PutBucketAsync(name);
        return name;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // left for the OS to clean
        }
    }

    /// <summary>Waits until the port answers; false when s3rver exited first (e.g. the port was taken).</summary>
    private async Task<bool> WaitUntilListeningAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process!.HasExited)
                return false;
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/");
                if (response.StatusCode == HttpStatusCode.OK)
                    return true;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                if (DateTime.UtcNow > deadline)
                    throw new InvalidOperationException($"s3rver did not listen on port {port} within 30 s", e);
            }
            await Task.Delay(100);
        }
    }
}
