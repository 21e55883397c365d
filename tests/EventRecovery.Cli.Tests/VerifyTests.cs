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
        _dir.WriteText("iglu/schemas/com.acme/button_click/jsonschema/1-0-1",
            """{"self": {"vendor": "com.acme", "name": "button_click", "format": "jsonschema", "version": "1-0-1"}, "type": "object"}""");
        _dir.WriteText("iglu/schemas/com.acme/customer/jsonschema/1-0-0",
            """{"self": {"vendor": "com.acme", "name": "customer", "format": "jsonschema", "version": "1-0-0"}, "type": "object", "properties": {"age": {"type": "integer", "maximum": 30}}}""");
        _resolver = _dir.WriteText("resolver.json", """
            {"schema": "iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3",
             "data": {"cacheSize": 500, "cacheTtl": 600, "repositories": [
               {"name": "local", "priority": 0, "vendorPrefixes": [], "connection": {"embedded": {"path": PATH}}}]}}
            """.Replace("PATH", JsonSerializer.Serialize(_dir.At("iglu"))));
    }

    public void Dispose() => _dir.Dispose();

    private static string Repo([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    private static string Reference() => EventRecovery.Testing.ReferenceData.Folder("iglu-schemas");

    private Task<CliResult> Run(string output, params string[] more) => CliProcess.RunAsync(
    [
        "run", "--input", Path.Combine(Repo(), "examples", "bad-rows"), "--config", Path.Combine(Repo(), "examples", "config.json"),
        "--output", _dir.At(output), "--summary-json", _dir.At(output + ".json"), .. more,
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
        const string reason = "would fail enrichment: iglu:com.acme/customer/jsonschema/1-0-0: $.age: 37 should be at most 30";
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
        Assert.Contains("iglu:com.acme/customer/jsonschema/1-0-0: $.age", verification.GetProperty("wouldFailReasons")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_repository_that_is_down_leaves_rows_not_verified_and_says_so()
    {
        var down = _dir.WriteText("down.json", """
            {"schema": "iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-1",
             "data": {"cacheSize": 500, "repositories": [{"name": "down", "priority": 0, "vendorPrefixes": [], "connection": {"http": {"uri": "http://127.0.0.1:9"}}}]}}
            """);
        var result = await Run("down", "--resolver", down, "--verify", "strict");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(6, Summary("down").GetProperty("recovered").GetInt64());
        Assert.Contains("NOT VERIFIED", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Verify_without_a_resolver_is_bad_usage()
    {
        var result = await Run("none", "--verify", "report");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--verify report needs --resolver", result.Stdout + result.Stderr);
    }
}
