using System.Text.Json;
using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests;

/// <summary>
/// <c>run --verify</c> on the bundled example with a resolver: a local repository holding the reference Iglu Central
/// schemas and the example's Acme schemas, where the customer schema allows an age of at most 30, so the recovered
/// customer row (age 37) would fail enrichment.
/// </summary>
public sealed class VerifyTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _resolver;

    public VerifyTests()
    {
        var reference = Reference();
        foreach (var file in Directory.EnumerateFiles(reference, "*", SearchOption.AllDirectories))
            _dir.WriteText(Path.Combine("iglu", "schemas", Path.GetRelativePath(reference, file)), File.ReadAllText(file));
        _dir.WriteText(
            "iglu/schemas/com.acme/button_click/jsonschema/1-0-1",
            """{"self": {"vendor": "com.acme", "name": "button_click", "format": "jsonschema", "version": "1-0-1"}, "type": "object"}"""
        );
        _dir.WriteText(
            "iglu/schemas/com.acme/customer/jsonschema/1-0-0",
            """{"self": {"vendor": "com.acme", "name": "customer", "format": "jsonschema", "version": "1-0-0"}, "type": "object", "properties": {"age": {"type": "integer", "maximum": 30}}}"""
        );
        _resolver = _dir.WriteText(
            "resolver.json",
            """
            {"schema": "iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3",
             "data": {"cacheSize": 500, "cacheTtl": 600, "repositories": [
               {"name": "local", "priority": 0, "vendorPrefixes": [], "connection": {"embedded": {"path": PATH}}}]}}
            """.Replace("PATH", JsonSerializer.Serialize(_dir.At("iglu")))
        );
    }

    public void Dispose() => _dir.Dispose();

    private static string Repo([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    private static string Reference() => EventRecovery.Testing.ReferenceData.Folder("iglu-schemas");

    private Task<CliResult> Run(string output, params string[] more) =>
        CliProcess.RunAsync([
            "run",
            "--input",
            Path.Combine(Repo(), "examples", "bad-rows"),
            "--config",
            Path.Combine(Repo(), "examples", "config.json"),
            "--output",
            _dir.At(output),
            "--summary-json",
            _dir.At(output + ".json"),
            .. more,
        ]);

    private JsonElement Summary(string output) => JsonDocument.Parse(File.ReadAllText(_dir.At(output + ".json"))).RootElement;

    [Fact]
    public async Task Strict_sends_the_row_that_would_fail_to_failed_with_the_reason()
    {
        var result = await Run("strict", "--resolver", _resolver, "--verify", "strict");
        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = Summary("strict");
        Assert.Equal(5, summary.GetProperty("recovered").GetInt64());
        Assert.Equal(2, summary.GetProperty("failed").GetInt64());
        var verification = summary.GetProperty("verification");
        Assert.Equal(5, verification.GetProperty("passed").GetInt64());
        Assert.Equal(1, verification.GetProperty("keptBack").GetInt64());
        const string reason = "would fail enrichment: " + CustomerTooOld;
        Assert.Contains(reason, result.Stdout + result.Stderr);
        var failed = string.Concat(Outputs.AllFiles(_dir.At("strict", "failed")).Select(File.ReadAllText));
        Assert.Contains(reason, failed);
        Assert.Contains("customer-age-number", failed); // the flow that recovered it
        Assert.Equal(5, Outputs.Recovered(_dir.At("strict")).Count);
    }

    [Fact]
    public async Task Report_counts_the_row_and_still_sends_it()
    {
        var result = await Run("report", "--resolver", _resolver, "--verify", "report");
        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = Summary("report");
        Assert.Equal(6, summary.GetProperty("recovered").GetInt64());
        var verification = summary.GetProperty("verification");
        Assert.Equal(1, verification.GetProperty("wouldFail").GetInt64());
        Assert.Equal(0, verification.GetProperty("keptBack").GetInt64());
        Assert.Equal(4, verification.GetProperty("schemaLookups").GetInt64()); // once per schema, not per row
        Assert.Contains(
            "iglu:com.acme/customer/jsonschema/1-0-0: $.age",
            verification.GetProperty("wouldFailReasons")[0].GetProperty("reason").GetString()
        );
    }

    [Fact]
    public async Task A_repository_that_is_down_leaves_rows_not_verified_and_says_so()
    {
        var down = _dir.WriteText(
            "down.json",
            """
            {"schema": "iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-1",
             "data": {"cacheSize": 500, "repositories": [{"name": "down", "priority": 0, "vendorPrefixes": [], "connection": {"http": {"uri": "http://127.0.0.1:9"}}}]}}
            """
        );
        var result = await Run("down", "--resolver", down, "--verify", "strict");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(6, Summary("down").GetProperty("recovered").GetInt64());
        Assert.Contains("NOT VERIFIED", result.Stdout + result.Stderr);
    }

    private const string CustomerTooOld = "iglu:com.acme/customer/jsonschema/1-0-0: $.age: 37 should be at most 30";

    private static string ContextFix => Path.Combine(Repo(), "examples", "bad-rows", "context-fix.jsonl") + ":1";

    private static List<System.Text.Json.Nodes.JsonNode> Documents(CliResult result) =>
        result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!).ToList();

    [Fact]
    public async Task Explain_with_a_resolver_shows_the_verdict_on_each_recovered_row()
    {
        var config = Path.Combine(Repo(), "examples", "config.json");
        var text = await CliProcess.RunAsync("explain", "--config", config, "--resolver", _resolver, "--line", ContextFix);
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("outcome recovered", text.Stdout); // report: the outcome is the run's
        Assert.Contains("verified would fail enrichment  (--verify report)", text.Stdout);
        Assert.Contains("because " + CustomerTooOld, text.Stdout);

        var json = await CliProcess.RunAsync(
            "explain",
            "--config",
            config,
            "--resolver",
            _resolver,
            "--input",
            Path.Combine(Repo(), "examples", "bad-rows"),
            "--format",
            "json",
            "--limit",
            "100"
        );
        Assert.True(json.ExitCode == 0, json.ToString());
        var outcomes = Documents(json).Select(d => d["outcome"]!).ToList();
        var recovered = outcomes.Where(o => o["kind"]!.GetValue<string>() == "recovered").ToList();
        Assert.Equal(6, recovered.Count); // as the run: 6 recovered, of which 5 pass and 1 would fail
        Assert.Equal(5, recovered.Count(o => o["verification"]!["verdict"]!.GetValue<string>() == "passed"));
        var wouldFail = Assert.Single(recovered, o => o["verification"]!["verdict"]!.GetValue<string>() == "wouldFail");
        Assert.Equal(CustomerTooOld, wouldFail["verification"]!["reason"]!.GetValue<string>());
        Assert.Equal("report", wouldFail["verification"]!["mode"]!.GetValue<string>());
        Assert.All(outcomes.Where(o => o["kind"]!.GetValue<string>() != "recovered"), o => Assert.Null(o["verification"]));
    }

    [Fact]
    public async Task Explain_strict_shows_the_failure_the_run_writes_with_the_refused_payload()
    {
        var config = Path.Combine(Repo(), "examples", "config.json");
        var result = await CliProcess.RunAsync(
            "explain",
            "--config",
            config,
            "--resolver",
            _resolver,
            "--verify",
            "strict",
            "--line",
            ContextFix,
            "--format",
            "json"
        );
        Assert.True(result.ExitCode == 0, result.ToString());
        var outcome = Assert.Single(Documents(result))["outcome"]!;
        Assert.Equal("failed", outcome["kind"]!.GetValue<string>());
        Assert.Equal("would fail enrichment: " + CustomerTooOld, outcome["reason"]!.GetValue<string>()); // the reason of run --verify strict
        Assert.Equal("strict", outcome["verification"]!["mode"]!.GetValue<string>());
        Assert.NotNull(outcome["payload"]);
        Assert.Contains("\"age\":37", outcome["decoded"]!.ToJsonString());
    }

    [Fact]
    public async Task Explain_without_a_resolver_verifies_nothing_and_verify_without_one_is_bad_usage()
    {
        var config = Path.Combine(Repo(), "examples", "config.json");
        var plain = await CliProcess.RunAsync("explain", "--config", config, "--line", ContextFix, "--format", "json");
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Null(Assert.Single(Documents(plain))["outcome"]!["verification"]);
        var bad = await CliProcess.RunAsync("explain", "--config", config, "--line", ContextFix, "--verify", "strict");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--verify strict needs --resolver", bad.Stdout + bad.Stderr);
    }

    [Fact]
    public async Task Verify_without_a_resolver_is_bad_usage()
    {
        var result = await Run("none", "--verify", "report");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--verify report needs --resolver", result.Stdout + result.Stderr);
    }
}
