using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EventRecovery.Cli.Tests.Fixtures;
using EventRecovery.Testing;

namespace EventRecovery.Cli.Tests;

/// <summary><c>event-recovery studio</c> as a user starts it: the address printed with its token, loopback only, clean stop, usage
/// errors.</summary>
public sealed partial class StudioCommandTests
{
    private static string Examples => Path.Combine(Loopback.RepositoryRoot(), "examples");

    [GeneratedRegex(@"^http://127\.0\.0\.1:(\d+)/\?token=([0-9a-f]{48})$")]
    private static partial Regex LoopbackUrl();

    [Fact]
    public async Task Prints_the_address_with_a_token_serves_the_page_and_stops_on_SIGTERM()
    {
        using var dir = new TempDir();
        var config = dir.WriteText("config.json", File.ReadAllText(Path.Combine(Examples, "config.json")));
        using var studio = CliProcess.StartRaw(null, "studio", "--input", Path.Combine(Examples, "bad-rows"), "--config", config);
        var stderr = studio.StandardError.ReadToEndAsync();
        try
        {
            var url = await FirstLineAsync(studio);
            var match = LoopbackUrl().Match(url);
            Assert.True(match.Success, $"expected http://127.0.0.1:PORT/?token=…, got '{url}'");
            using var client = new HttpClient();
            using (var page = await client.GetAsync(url))
            {
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Contains("event-recovery studio", await page.Content.ReadAsStringAsync());
            }
            using (var refused = await client.GetAsync(url[..url.IndexOf('?', StringComparison.Ordinal)]))
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var overview = await OverviewAsync(client, url);
            Assert.Equal(8, (int)overview["sampleSize"]!);
            Assert.Equal(6, (int)overview["totals"]!["recovered"]!);
        }
        finally
        {
            Signal(studio, "TERM");
        }
        await studio.WaitForExitAsync().WaitAsync(CliProcess.Timeout);
        Assert.Equal(0, studio.ExitCode);
        var messages = await stderr;
        Assert.Contains("studio: 8 lines read", messages);
        Assert.Contains("studio: stopped", messages);
        // Nothing written but what Save writes: the folder holds the config alone.
        Assert.Equal(["config.json"], Directory.GetFiles(dir.Root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_sample_is_drawn_from_larger_inputs_the_same_for_the_same_seed()
    {
        using var dir = new TempDir();
        var config = dir.WriteText("config.json", File.ReadAllText(Path.Combine(Examples, "config.json")));
        async Task<(string Messages, List<string> Rows)> StartAsync(string seed)
        {
            using var studio = CliProcess.StartRaw(
                null,
                "studio",
                "--input",
                Path.Combine(Examples, "bad-rows"),
                "--config",
                config,
                "--sample",
                "3",
                "--seed",
                seed
            );
            var stderr = studio.StandardError.ReadToEndAsync();
            List<string> rows;
            try
            {
                var url = await FirstLineAsync(studio);
                using var client = new HttpClient();
                await OverviewAsync(client, url);
                var token = url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..];
                var body = JsonNode.Parse(
                    await client.GetStringAsync(url[..url.IndexOf('?', StringComparison.Ordinal)] + $"api/rows?token={token}")
                )!;
                rows = body["rows"]!.AsArray().Select(r => (string)r!["location"]!).ToList();
            }
            finally
            {
                Signal(studio, "TERM");
            }
            await studio.WaitForExitAsync().WaitAsync(CliProcess.Timeout);
            return (await stderr, rows);
        }
        var first = await StartAsync("7");
        Assert.Contains("a sample of 3 of the 8 lines read (--sample 3 --seed 7)", first.Messages);
        Assert.Equal(3, first.Rows.Count);
        Assert.Equal(first.Rows, (await StartAsync("7")).Rows);
    }

    [Theory]
    [InlineData("--sample", "0", "--sample 0: must be at least 1")]
    [InlineData("--port", "70000", "--port 70000")]
    [InlineData("--host", "example.com", "--host example.com: expected an IP address")]
    public async Task Bad_arguments_stop_it_before_anything_is_served(string flag, string value, string message)
    {
        using var dir = new TempDir();
        var config = dir.WriteText("config.json", File.ReadAllText(Path.Combine(Examples, "config.json")));
        var result = await CliProcess.RunAsync("studio", "--input", Path.Combine(Examples, "bad-rows"), "--config", config, flag, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task The_config_must_be_a_file_it_can_save_to()
    {
        var base64 = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(Examples, "config.json")));
        var result = await CliProcess.RunAsync("studio", "--input", Path.Combine(Examples, "bad-rows"), "--config", base64);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such file; the studio edits a configuration file", result.Stderr);
    }

    [Fact]
    public async Task An_empty_input_is_a_usage_error()
    {
        using var dir = new TempDir();
        var config = dir.WriteText("config.json", File.ReadAllText(Path.Combine(Examples, "config.json")));
        var empty = dir.WriteText("rows/empty.jsonl", "");
        var result = await CliProcess.RunAsync("studio", "--input", empty, "--config", config);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no lines to study", result.Stderr);
    }

    [Fact]
    public async Task Another_host_than_loopback_is_warned_about()
    {
        using var dir = new TempDir();
        var config = dir.WriteText("config.json", File.ReadAllText(Path.Combine(Examples, "config.json")));
        using var studio = CliProcess.StartRaw(
            null,
            "studio",
            "--input",
            Path.Combine(Examples, "bad-rows"),
            "--config",
            config,
            "--host",
            "0.0.0.0"
        );
        var stderr = studio.StandardError.ReadToEndAsync();
        try
        {
            var url = await FirstLineAsync(studio);
            Assert.True(LoopbackUrl().IsMatch(url), url);
        }
        finally
        {
            Signal(studio, "TERM");
        }
        await studio.WaitForExitAsync().WaitAsync(CliProcess.Timeout);
        Assert.Contains("warning: --host 0.0.0.0: the page can be reached from other machines", await stderr);
    }

    [Fact]
    public async Task Listens_only_where_told_whatever_the_working_folder_or_environment_say()
    {
        // ASP.NET Core reads listening addresses from appsettings.json and ASPNETCORE_URLS by default; the studio must not.
        using var dir = new TempDir();
        var config = dir.WriteText("config.json", File.ReadAllText(Path.Combine(Examples, "config.json")));
        var (fromFile, fromEnvironment) = (Loopback.FreePort(), Loopback.FreePort());
        dir.WriteText(
            "appsettings.json",
            """{"Kestrel": {"Endpoints": {"Http": {"Url": "http://127.0.0.1:PORT"}}}}""".Replace(
                "PORT",
                $"{fromFile}",
                StringComparison.Ordinal
            )
        );
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{fromEnvironment}",
            ["ASPNETCORE_HTTP_PORTS"] = fromEnvironment.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        using var studio = CliProcess.StartRawIn(
            dir.Root,
            environment,
            "studio",
            "--input",
            Path.Combine(Examples, "bad-rows"),
            "--config",
            config
        );
        var stderr = studio.StandardError.ReadToEndAsync();
        try
        {
            var url = await FirstLineAsync(studio);
            using var client = new HttpClient();
            await OverviewAsync(client, url);
            foreach (var port in new[] { fromFile, fromEnvironment })
            {
                using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, port));
            }
        }
        finally
        {
            Signal(studio, "TERM");
        }
        await studio.WaitForExitAsync().WaitAsync(CliProcess.Timeout);
        Assert.Equal(0, studio.ExitCode);
        Assert.Contains("studio: stopped", await stderr);
    }

    private static async Task<string> FirstLineAsync(Process studio)
    {
        var line = await studio.StandardOutput.ReadLineAsync().WaitAsync(CliProcess.Timeout);
        Assert.True(line is not null, "the studio ended before printing its address");
        return line;
    }

    /// <summary>The overview once the first run has finished.</summary>
    private static async Task<JsonNode> OverviewAsync(HttpClient client, string url)
    {
        var token = url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        var root = url[..url.IndexOf('?', StringComparison.Ordinal)];
        var deadline = DateTime.UtcNow + CliProcess.Timeout;
        while (true)
        {
            var overview = JsonNode.Parse(await client.GetStringAsync($"{root}api/overview?token={token}"))!;
            if (overview["run"] is not null)
                return overview;
            Assert.True(DateTime.UtcNow < deadline, "the first run did not finish");
            await Task.Delay(50);
        }
    }

    private static void Signal(Process process, string name)
    {
        if (process.HasExited)
            return;
        using var kill = Process.Start(
            new ProcessStartInfo("kill", ["-" + name, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            {
                UseShellExecute = false,
            }
        )!;
        kill.WaitForExit();
    }
}
