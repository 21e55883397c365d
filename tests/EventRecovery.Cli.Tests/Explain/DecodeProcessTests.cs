using System.Text.Json.Nodes;
using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests.Explain;

/// <summary><c>decode</c>, as a child process, on the payloads a run of the example recovered.</summary>
public class DecodeProcessTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<string> RecoveredPartAsync()
    {
        var run = await CliProcess.RunAsync("run", "--input", Example.Rows, "--config", Example.Config, "--output", _dir.At("out"));
        Assert.True(run.ExitCode == 0, run.ToString());
        return Assert.Single(Directory.GetFiles(_dir.At("out"), "part-*.txt"));
    }

    [Fact]
    public async Task Recovered_payloads_are_decoded_as_json_with_the_querystring_and_layers_decoded()
    {
        var part = await RecoveredPartAsync();

        var result = await CliProcess.RunAsync("decode", part, "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var docs = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(File.ReadAllLines(part).Length, docs.Count);
        Assert.All(docs, d =>
            Assert.Equal("iglu:com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-0", d["schema"]!.GetValue<string>())
        );
        Assert.Contains(docs, d =>
            d["parameters"]!.AsArray().Any(p => p!["name"]!.GetValue<string>() == "aid" && p["value"]!.GetValue<string>() == "acme-android")
        );
        // The customer context (base64 cx) is shown as JSON, with the age the config cast to a number.
        Assert.Contains(docs, d =>
            d["parameters"]!.AsArray().Any(p => p!["name"]!.GetValue<string>() == "cx" && p["json"]!.ToJsonString().Contains("\"age\":37"))
        );
    }

    [Fact]
    public async Task Text_names_each_payload_by_file_and_line_and_raw_thrift_is_read_whole()
    {
        var part = await RecoveredPartAsync();
        var raw = _dir.WriteBytes("record.bin", Convert.FromBase64String(File.ReadAllLines(part)[0]));

        var text = await CliProcess.RunAsync("decode", part);
        var record = await CliProcess.RunAsync("decode", "--raw", raw);

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains(part + ":1", text.Stdout);
        Assert.Contains("querystring", text.Stdout);
        Assert.True(record.ExitCode == 0, record.ToString());
        Assert.Contains("record.bin", record.Stdout);
        Assert.Contains("path          /com.snowplowanalytics.snowplow/", record.Stdout);
    }

    [Fact]
    public async Task A_line_that_is_not_a_payload_is_named_and_the_exit_code_is_1()
    {
        var bad = _dir.WriteText("bad.txt", "bm90IHRocmlmdA==\n");

        var result = await CliProcess.RunAsync("decode", bad);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"error: {bad}:1: not a Thrift CollectorPayload", result.Stderr);
    }
}
