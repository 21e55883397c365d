using System.Text.Json.Nodes;
using EventRecovery.Cli.Tests.Aws;
using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests.Explain;

/// <summary>The checked-in example (examples/): a config and 8 lines of every outcome.</summary>
internal static class Example
{
    public static string Root { get; } = Find();

    public static string Config => Path.Combine(Root, "examples", "config.json");

    public static string Rows => Path.Combine(Root, "examples", "bad-rows");

    public static string File(string name) => Path.Combine(Rows, name);

    private static string Find()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir, "EventRecovery.slnx")))
            dir = Path.GetDirectoryName(dir.TrimEnd('/'));
        return dir ?? throw new DirectoryNotFoundException("no EventRecovery.slnx above the tests");
    }

    /// <summary>The JSON documents of an <c>explain --format json</c> output, one a line.</summary>
    public static List<JsonNode> Documents(CliResult result) =>
        result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
}

/// <summary><c>explain</c>, as a child process, on the example and on gzip and S3 inputs.</summary>
public class ExplainProcessTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_line_is_explained_as_text_with_its_conditions_steps_and_rebuilt_payload()
    {
        var result = await CliProcess.RunAsync("explain", "--config", Example.Config, "--line", Example.File("app-id.jsonl") + ":1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("app-id.jsonl:1  adapter_failures", result.Stdout);
        Assert.Contains("flow legacy-android-app-id  applied", result.Stdout);
        Assert.Contains(
            "conditions[0] Test $.payload.querystring[?(@.name=~aid)].value value \"acme-android-legacy\"  held",
            result.Stdout
        );
        Assert.Contains("before \"acme-android-legacy\"", result.Stdout);
        Assert.Contains("after  \"acme-android\"", result.Stdout);
        Assert.Contains("outcome recovered", result.Stdout);
        Assert.Contains("aid = acme-android", result.Stdout); // the rebuilt querystring, decoded
        Assert.DoesNotContain("\u001b[", result.Stdout, StringComparison.Ordinal); // no colour into a pipe
        Assert.Contains("explained 1 line", result.Stderr);
    }

    [Fact]
    public async Task Json_gives_one_document_per_row_and_outcome_and_type_select_rows()
    {
        var failed = await CliProcess.RunAsync(
            "explain",
            "--config",
            Example.Config,
            "--input",
            Example.Rows,
            "--outcome",
            "failed",
            "--format",
            "json"
        );
        var unrecoverable = await CliProcess.RunAsync(
            "explain",
            "--config",
            Example.Config,
            "--input",
            Example.Rows,
            "--type",
            "size_violation",
            "--format",
            "json"
        );

        Assert.True(failed.ExitCode == 0, failed.ToString());
        var row = Assert.Single(Example.Documents(failed));
        Assert.EndsWith("schema-version.jsonl:3", row["location"]!.GetValue<string>());
        Assert.Equal("failed", row["outcome"]!["kind"]!.GetValue<string>());
        Assert.Contains("did not hold: found", row["outcome"]!["reason"]!.GetValue<string>());
        Assert.All(row["flows"]!.AsArray(), f => Assert.False(f!["applied"]!.GetValue<bool>()));
        var size = Assert.Single(Example.Documents(unrecoverable));
        Assert.Equal("unrecoverable", size["outcome"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Match_flow_and_limit_select_rows()
    {
        var match = await CliProcess.RunAsync(
            "explain",
            "--config",
            Example.Config,
            "--input",
            Example.Rows,
            "--match",
            "acme-android-legacy",
            "--format",
            "json"
        );
        var flow = await CliProcess.RunAsync(
            "explain",
            "--config",
            Example.Config,
            "--input",
            Example.Rows,
            "--flow",
            "customer-age-number",
            "--format",
            "json"
        );
        var limit = await CliProcess.RunAsync(
            "explain",
            "--config",
            Example.Config,
            "--input",
            Example.Rows,
            "--limit",
            "2",
            "--format",
            "json"
        );

        Assert.Equal(2, Example.Documents(match).Count); // the row and the earlier run's recovery_error holding it
        Assert.All(Example.Documents(match), d => Assert.Equal("adapter_failures", d["badRowType"]!.GetValue<string>()));
        Assert.All(Example.Documents(flow), d =>
            Assert.Contains(d["flows"]!.AsArray(), f => f!["name"]!.GetValue<string>() == "customer-age-number")
        );
        Assert.Equal(4, Example.Documents(flow).Count); // every schema_violations row: the flow is keyed by their schema
        Assert.Equal(2, Example.Documents(limit).Count);
    }

    [Fact]
    public async Task A_sample_is_the_same_for_the_same_seed()
    {
        string[] Args(string seed) =>
            ["explain", "--config", Example.Config, "--input", Example.Rows, "--sample", "3", "--seed", seed, "--format", "json"];
        var first = await CliProcess.RunAsync(Args("7"));
        var again = await CliProcess.RunAsync(Args("7"));
        var others = await Task.WhenAll(new[] { "1", "2", "3", "4" }.Select(s => CliProcess.RunAsync(Args(s))));

        Assert.Equal(3, Example.Documents(first).Count);
        Assert.Equal(first.Stdout, again.Stdout);
        Assert.Contains(others, o => o.Stdout != first.Stdout);
        Assert.Contains("a sample of 3 of the 8 matching lines", first.Stderr);
    }

    [Fact]
    public async Task A_gzip_input_is_explained_with_its_line_numbers()
    {
        var gz = _dir.WriteBytes("rows.jsonl.gz", TempDir.Gzip(File.ReadAllText(Example.File("schema-version.jsonl"))));

        var result = await CliProcess.RunAsync("explain", "--config", Example.Config, "--line", gz + ":2", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.EndsWith("rows.jsonl.gz:2", Assert.Single(Example.Documents(result))["location"]!.GetValue<string>());
    }

    [Fact]
    public async Task No_such_line_and_a_bad_config_exit_2_saying_where()
    {
        var missing = await CliProcess.RunAsync("explain", "--config", Example.Config, "--line", Example.File("app-id.jsonl") + ":99");
        var badLine = await CliProcess.RunAsync("explain", "--config", Example.Config, "--line", "app-id.jsonl");
        var config = _dir.WriteText("invalid.json", Configs.Invalid);
        var invalid = await CliProcess.RunAsync("explain", "--config", config, "--input", Example.Rows);

        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("no such line: " + Example.File("app-id.jsonl") + ":99", missing.Stderr);
        Assert.True(badLine.ExitCode == 2, badLine.ToString());
        Assert.Contains("--line app-id.jsonl: expected FILE:N", badLine.Stderr);
        Assert.True(invalid.ExitCode == 2, invalid.ToString());
        Assert.Contains("configuration is invalid", invalid.Stderr);
        Assert.Contains(Configs.InvalidLocations[0], invalid.Stderr);
    }

    [Fact]
    public async Task Help_teaches_with_examples()
    {
        var result = await CliProcess.RunAsync("explain", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("--line FILE:N", result.Stdout.Replace("--line bad-rows/app.jsonl:3", "--line FILE:N"));
        Assert.Contains("--sample", result.Stdout);
        Assert.Contains("Examples:", result.Stdout);
    }
}

/// <summary><c>explain</c> reading bad rows from S3 (the loopback server).</summary>
[Collection(AwsCollection.Name)]
public sealed class ExplainS3Tests(AwsServers aws)
{
    [Fact]
    public async Task Rows_under_an_s3_prefix_are_explained_with_their_object_and_line()
    {
        var bucket = await aws.S3.NewBucketAsync("explain");
        await aws.PutLinesAsync(bucket, "input/rows.jsonl", File.ReadAllLines(Example.File("schema-version.jsonl")));

        var result = await CliProcess.RunAsync(
            aws.Environment,
            "explain",
            "--config",
            Example.Config,
            "--input",
            $"s3://{bucket}/input",
            "--outcome",
            "failed",
            "--format",
            "json"
        );

        Assert.True(result.ExitCode == 0, result + "\n--- s3rver\n" + aws.S3.Log);
        Assert.Equal($"s3://{bucket}/input/rows.jsonl:3", Assert.Single(Example.Documents(result))["location"]!.GetValue<string>());
    }
}
