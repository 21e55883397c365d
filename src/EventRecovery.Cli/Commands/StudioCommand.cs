using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using EventRecovery.Cli.Arguments;
using EventRecovery.Core.Recovery;
using EventRecovery.Job.Aws;
using EventRecovery.Job.Pipeline;
using EventRecovery.Job.Sources;
using EventRecovery.Studio.Configs;
using EventRecovery.Studio.Hosting;
using EventRecovery.Studio.Samples;

namespace EventRecovery.Cli.Commands;

/// <summary>
/// <c>event-recovery studio</c>: a local web page to design a recovery on a sample of bad rows — overview, rows and
/// their traces, a config editor validated as you type, re-runs that show what changed, save, export, suggestions.
/// </summary>
internal static class StudioCommand
{
    /// <summary>Lines sampled when <c>--sample</c> is not given.</summary>
    public const int DefaultSample = 10_000;

    public static Command Create(TextWriter console, TextWriter stdout)
    {
        var input = new Option<string[]>("--input")
        {
            Description = "Bad rows, as for 'run': files, directories, globs, s3://bucket/prefix; .gz is decompressed.",
            AllowMultipleArgumentsPerToken = true,
            Required = true,
        };
        var config = new Option<string>("--config")
        {
            Description = "The recovery configuration file to edit (Save writes it, keeping " + "FILE.bak).",
            Required = true,
        };
        var resolver = new Option<string?>("--resolver")
        {
            Description =
                "Iglu resolver configuration (file or base64): verify each "
                + "recovered event against its schemas, and suggest schema versions.",
        };
        var port = new Option<int>("--port")
        {
            Description = "Port to listen on (default: a free one, printed).",
            DefaultValueFactory = _ => 0,
        };
        var host = new Option<string>("--host")
        {
            Description =
                "Address to listen on. Default 127.0.0.1: only this machine. Anything "
                + "else lets others reach the page (the token still guards it).",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var sample = new Option<int>("--sample")
        {
            Description =
                $"Read at most N lines of the input into memory, a random sample " + $"when there are more (default {DefaultSample}).",
            DefaultValueFactory = _ => DefaultSample,
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the sample: the same seed and inputs give the same sample.",
            DefaultValueFactory = _ => 1,
        };
        var region = new Option<string?>("--region") { Description = "AWS region, for s3:// inputs." };
        var endpoint = new Option<string?>("--endpoint-url")
        {
            Description = "Custom S3 endpoint (a local test server), for s3:// inputs.",
        };
        var command = new Command(
            "studio",
            """
            Design a recovery in the browser. Reads a sample of the input into memory, recovers it with the
            configuration, and serves a page on this machine: Overview (outcomes by type and flow, failure groups),
            Rows (filter, open a row's trace: conditions, each step before/after, the rebuilt payload decoded),
            Config (edit, validated as you type; Re-run shows rows newly recovered, newly failed, payloads changed;
            Save writes the file, keeping FILE.bak; Export gives base64 for --config), Suggestions (repairs for the
            largest failure groups). Prints the page's address with a secret token; opens nothing. Ctrl-C stops it.
            Nothing is written but the configuration file, and only when you press Save.

            Examples:
              event-recovery studio --input bad-rows/ --config config.json
              event-recovery studio --input s3://bucket/bad/2026/10/ --config config.json --resolver resolver.json --sample 5000
            """
        )
        {
            input,
            config,
            resolver,
            port,
            host,
            sample,
            seed,
            region,
            endpoint,
        };
        command.SetAction(
            async (parse, cancellationToken) =>
            {
                try
                {
                    return await RunAsync(
                        parse,
                        console,
                        stdout,
                        input,
                        config,
                        resolver,
                        port,
                        host,
                        sample,
                        seed,
                        region,
                        endpoint,
                        cancellationToken
                    );
                }
                catch (Exception e) when (e is UsageException or InputException)
                {
                    console.WriteLine($"error: {e.Message}");
                    return ExitCodes.Usage;
                }
            }
        );
        return command;
    }

    private static async Task<int> RunAsync(
        ParseResult parse,
        TextWriter console,
        TextWriter stdout,
        Option<string[]> input,
        Option<string> config,
        Option<string?> resolver,
        Option<int> port,
        Option<string> host,
        Option<int> sample,
        Option<int> seed,
        Option<string?> region,
        Option<string?> endpoint,
        CancellationToken cancellationToken
    )
    {
        var size = parse.GetValue(sample);
        if (size < 1)
            throw new UsageException($"--sample {size}: must be at least 1");
        var portNumber = parse.GetValue(port);
        if (portNumber is < 0 or > 65535)
            throw new UsageException($"--port {portNumber}: expected 0 (any free port) to 65535");
        var address = Address(parse.GetValue(host)!);
        var configPath = parse.GetValue(config)!;
        if (Directory.Exists(configPath))
            throw new UsageException($"--config {configPath}: is a directory; the studio edits a " + $"configuration file");
        if (!File.Exists(configPath))
            throw new UsageException(
                $"--config {configPath}: no such file; the studio edits a configuration file (Save writes it), "
                    + $"so base64 is not taken here"
            );
        ConfigFile file;
        try
        {
            file = new ConfigFile(configPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--config {configPath}: cannot read the file: {e.Message}");
        }
        var options = new RecoveryOptions { ProcessorVersion = VersionInfo.Version };
        var verification = parse.GetValue(resolver) is { } r ? VerifyArgument.Plan("report", r, options) : null;

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, cancellationToken);
        try
        {
            var inputs = parse.GetValue(input)!;
            using var aws = new AwsClients(parse.GetValue(region), parse.GetValue(endpoint));
            var drawn = await DrawAsync(
                LocationRegistry.Create(aws),
                inputs,
                size,
                parse.GetValue(seed),
                options.MaxLineBytes,
                console,
                linked.Token
            );
            console.WriteLine(
                drawn.Lines.Count == drawn.LinesRead
                    ? $"studio: {drawn.Lines.Count} line{(drawn.Lines.Count == 1 ? "" : "s")} read"
                    : $"studio: a sample of {drawn.Lines.Count} of the {drawn.LinesRead} lines read (--sample {size} --seed "
                        + $"{parse.GetValue(seed)})"
            );
            using var session = new StudioSession(drawn, file, options, verification?.Check, verification?.Resolver);
            if (!session.Start())
                console.WriteLine(
                    $"warning: --config {configPath} is invalid: the page lists the problems; fix " + $"them there and re-run"
                );
            if (!IPAddress.IsLoopback(address))
                console.WriteLine(
                    $"warning: --host {address}: the page can be reached from other machines; anyone with the address "
                        + $"and token can edit {file.Path}"
                );
            StudioServer server;
            try
            {
                server = await StudioServer.StartAsync(session, new StudioSettings { Host = address, Port = portNumber }, linked.Token);
            }
            catch (IOException e)
            {
                throw new UsageException($"--port {portNumber}: cannot listen on {address}:{portNumber}: {e.Message}");
            }
            await using (server)
            {
                stdout.WriteLine(server.PageUrl);
                stdout.Flush();
                console.WriteLine("studio: open the address above in a browser (the token in it is required). Ctrl-C stops the studio.");
                await server.WaitAsync(linked.Token);
            }
            console.WriteLine("studio: stopped");
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            console.WriteLine("studio: stopped");
            return ExitCodes.Success;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            verification?.Resolver.Dispose();
        }
    }

    private static IPAddress Address(string host)
    {
        if (host == "localhost")
            return IPAddress.Loopback;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
            return address;
        throw new UsageException($"--host {host}: expected an IP address to listen on (127.0.0.1, ::1, 0.0.0.0 for every interface)");
    }

    /// <summary>At most <paramref name="size"/> lines of the inputs: all of them when there are no more, else a uniform random sample, in
    /// input order.</summary>
    private static async Task<Sample> DrawAsync(
        LocationRegistry locations,
        string[] inputs,
        int size,
        int seed,
        int maxLineBytes,
        TextWriter console,
        CancellationToken cancel
    )
    {
        var chosen = new List<(long Seen, SampleLine Line)>();
        var random = new Random(seed);
        long read = 0;
        await foreach (var line in InputLines.ReadAsync(locations, inputs, maxLineBytes, console, cancel))
        {
            read++;
            var kept = new SampleLine(line.Location, line.Bytes, line.FullLength);
            // Reservoir sampling: every line has the same chance, in memory for N lines only.
            if (chosen.Count < size)
                chosen.Add((read, kept));
            else if (random.NextInt64(read) is var k && k < size)
                chosen[(int)k] = (read, kept);
        }
        if (read == 0)
            throw new UsageException($"--input {string.Join(" ", inputs)}: no lines to study");
        return new Sample(chosen.OrderBy(c => c.Seen).Select(c => c.Line).ToList(), read, inputs);
    }
}
