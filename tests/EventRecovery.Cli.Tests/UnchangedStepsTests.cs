using System.Text.Json.Nodes;
using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests;

/// <summary>
/// A step that changes nothing is counted per flow and step in the summary (<c>unchanged</c>); with
/// <c>--strict-steps</c> the rows it left unchanged fail, with a reason naming the flow and the step.
/// </summary>
public class UnchangedStepsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// The standard config, whose adapter_failures flow gains a second step whose <c>match</c> is never found (the
    /// rows' <c>e</c> is <c>pv</c>). Its first step (<c>page=old</c> → <c>new</c>) and the schema_violations flow
    /// change every row.
    /// </summary>
    private static readonly string Config = Configs.Standard.Replace(
        """steps": [ { "op": "Replace", "path": "$.querystring.page", "match": "^old$", "value": "new" } ]""",
        """steps": [ { "op": "Replace", "path": "$.querystring.page", "match": "^old$", "value": "new" }, { "op": "Replace", "path": "$.querystring.e", "match": "^pp$", "value": "se" } ]"""
    );

    private const string Reason = "flow fix-page: steps[1] (Replace at $.querystring.e) changed nothing, and strict steps fail such a row";

    private (string Input, string Config, List<InputLine> Adapter, List<InputLine> Schema) Write()
    {
        Assert.NotEqual(Configs.Standard, Config);
        var adapter = Enumerable.Range(0, 5).Select(i => BadRows.AdapterFailure(BadRows.Marker(i))).ToList();
        var schema = Enumerable.Range(5, 3).Select(i => BadRows.SchemaViolation(BadRows.Marker(i))).ToList();
        _dir.WriteLines("in/rows.jsonl", adapter.Concat(schema).Select(l => l.Text));
        return (_dir.At("in"), _dir.WriteText("config.json", Config), adapter, schema);
    }

    private static void AssertUnchanged(JsonObject summary, long rows)
    {
        var unchanged = summary["unchanged"]!.AsObject();
        Assert.Equal(["fix-page"], unchanged.Select(p => p.Key));
        var step = Assert.Single(unchanged["fix-page"]!.AsArray())!.AsObject();
        Assert.Equal(1, step["step"]!.GetValue<int>());
        Assert.Equal("Replace", step["op"]!.GetValue<string>());
        Assert.Equal("$.querystring.e", step["path"]!.GetValue<string>());
        Assert.Equal(rows, step["rows"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_step_that_changes_nothing_is_counted_per_flow_and_step_and_its_rows_are_recovered()
    {
        var (input, config, adapter, schema) = Write();
        var output = _dir.At("out");
        var summaryPath = _dir.At("summary.json");

        var result = await CliProcess.RunAsync(
            "run",
            "--input",
            input,
            "--config",
            config,
            "--output",
            output,
            "--summary-json",
            summaryPath
        );

        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = Outputs.Summary(summaryPath);
        Assert.Equal(adapter.Count + schema.Count, summary.Count("recovered"));
        Assert.Equal(0, summary.Count("failed"));
        AssertUnchanged(summary, adapter.Count);
        // The first step did change the rows: the recovered payloads carry its change, the second's none.
        var recovered = Outputs.Recovered(output);
        Assert.Equal(adapter.Count + schema.Count, recovered.Count);
        Assert.Equal(adapter.Count, recovered.Count(p => Outputs.Parameter(p, "page") == "new" && Outputs.Parameter(p, "e") == "pv"));
        Assert.Contains("  unchanged (steps that changed nothing: rows per flow and step):", result.Stderr);
        Assert.Contains($"    fix-page steps[1] Replace at $.querystring.e: {adapter.Count} rows unchanged", result.Stderr);
        Assert.DoesNotContain("thing-1-0-1 steps[", result.Stderr);
    }

    [Fact]
    public async Task With_strict_steps_the_rows_a_step_left_unchanged_fail_with_a_reason_naming_flow_and_step()
    {
        var (input, config, adapter, schema) = Write();
        var output = _dir.At("out");
        var summaryPath = _dir.At("summary.json");

        var result = await CliProcess.RunAsync(
            "run",
            "--input",
            input,
            "--config",
            config,
            "--output",
            output,
            "--summary-json",
            summaryPath,
            "--strict-steps"
        );

        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = Outputs.Summary(summaryPath);
        Assert.Equal(schema.Count, summary.Count("recovered"));
        Assert.Equal(adapter.Count, summary.Count("failed"));
        AssertUnchanged(summary, adapter.Count);
        var reason = Assert.Single(summary["topFailureReasons"]!.AsArray())!;
        Assert.Equal(Reason, reason["reason"]!.GetValue<string>());
        Assert.Equal(adapter.Count, reason["count"]!.GetValue<long>());

        // The failed output holds exactly those rows, as recovery_error rows with the reason and the flow.
        var failed = Outputs.BadRowsIn(Path.Combine(output, "failed"));
        Assert.Equal(adapter.Select(l => l.Id).Order(), failed.SelectMany(r => Outputs.Markers(r.ToJsonString())).Distinct().Order());
        Assert.All(failed, row =>
        {
            Assert.Equal(Reason, row["data"]!["failure"]!["error"]!.GetValue<string>());
            Assert.Equal("fix-page", row["data"]!["failure"]!["configName"]!.GetValue<string>());
        });
        Assert.Equal(schema.Count, Outputs.Recovered(output).Count);
        Assert.Contains(Reason, result.Stderr);
    }
}
