using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests;

/// <summary><c>validate</c>: "config valid" with the flows, or every problem with its location.</summary>
public class ValidateTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_valid_config_file_is_reported_valid_with_its_flows_per_bad_row_type()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);

        var result = await CliProcess.RunAsync("validate", "--config", config);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("config valid: 2 flows — adapter_failures: 1 (fix-page); schema_violations: 1 (thing-1-0-1)", result.Stdout.Trim());
    }

    [Fact]
    public async Task A_base64_config_is_accepted()
    {
        var result = await CliProcess.RunAsync("validate", "--config", Configs.Base64(Configs.Standard));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("config valid: 2 flows", result.Stdout);
    }

    [Fact]
    public async Task An_invalid_config_lists_every_problem_with_its_location_and_exits_2()
    {
        var config = _dir.WriteText("invalid.json", Configs.Invalid);

        var result = await CliProcess.RunAsync("validate", "--config", config);

        Assert.True(result.ExitCode == 2, result.ToString());
        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal("config invalid: 4 problem(s)", lines[0]);
        Assert.Equal(Configs.InvalidLocations.Length, lines.Length - 1);
        for (var i = 0; i < Configs.InvalidLocations.Length; i++)
            Assert.StartsWith("  " + Configs.InvalidLocations[i] + ":", lines[i + 1]);
    }

    // "stpes" for "steps": the flow would have no steps, and every row it matches would be sent back unchanged.
    private static readonly string MisspeltFlowKey = Configs.Standard.Replace(
        "\"steps\": [ { \"op\": \"Replace\", \"path\": \"$.querystring.page\"",
        "\"steps\": [], \"stpes\": [ { \"op\": \"Replace\", \"path\": \"$.querystring.page\""
    );

    [Fact]
    public async Task A_misspelt_flow_key_is_reported_at_its_location()
    {
        Assert.Contains("\"stpes\"", MisspeltFlowKey);
        var config = _dir.WriteText("stpes.json", MisspeltFlowKey);

        var result = await CliProcess.RunAsync("validate", "--config", config);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(
            [
                "config invalid: 1 problem(s)",
                """  data["iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*"][0].stpes: unknown property (allowed here: name, conditions, steps)""",
            ],
            result.Stdout.TrimEnd('\n').Split('\n')
        );
    }

    [Fact]
    public async Task A_run_with_a_misspelt_flow_key_is_refused_before_reading()
    {
        var config = _dir.WriteText("stpes.json", MisspeltFlowKey);
        _dir.WriteText("in/rows.jsonl", "{}\n");

        var result = await CliProcess.RunAsync("run", "--input", _dir.At("in"), "--config", config, "--output", _dir.At("out"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("stpes", result.ToString());
        Assert.False(Directory.Exists(_dir.At("out")), "the refused run wrote output");
    }

    [Fact]
    public async Task A_config_that_is_not_json_names_the_problem()
    {
        var config = _dir.WriteText("broken.json", "{\"schema\": ");

        var result = await CliProcess.RunAsync("validate", "--config", config);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("not valid JSON", result.Stdout);
    }

    [Fact]
    public async Task A_missing_config_file_is_named_and_exits_2()
    {
        var result = await CliProcess.RunAsync("validate", "--config", _dir.At("missing.json"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(
            $"error: --config {_dir.At("missing.json")}: no such file (and the value is neither JSON nor base64 of JSON)",
            result.Stderr.Trim()
        );
    }

    [Fact]
    public async Task An_invalid_resolver_is_reported_with_the_config()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var resolver = _dir.WriteText(
            "resolver.json",
            """{"schema": "iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-1", "data": {"cacheSize": 500}}"""
        );

        var result = await CliProcess.RunAsync("validate", "--config", config, "--resolver", resolver);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("resolver: data.repositories", result.Stdout);
    }
}
