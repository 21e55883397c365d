using System.Text.Json.Nodes;
using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests;

/// <summary><c>run</c> on local files: what goes where, and in which format.</summary>
public class RunLayoutTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_directory_with_gzip_nested_and_hidden_files_is_recovered_into_the_default_layout()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var adapter = BadRows.AdapterFailure(BadRows.Marker(1));
        var notJson = BadRows.NotJson(BadRows.Marker(2));
        var schema = BadRows.SchemaViolation(BadRows.Marker(3));
        var size = BadRows.SizeViolation(BadRows.Marker(4));
        var noFlow = BadRows.NoFlow(BadRows.Marker(5));
        var nested = BadRows.AdapterFailure(BadRows.Marker(6));
        var lastWithoutNewline = BadRows.AdapterFailure(BadRows.Marker(7));
        _dir.WriteLines("in/a.jsonl", [adapter.Text, "", notJson.Text]);
        _dir.WriteGzipLines("in/b.jsonl.gz", [schema.Text, size.Text]);
        _dir.WriteLines("in/nested/deeper/c.jsonl", [noFlow.Text, nested.Text]);
        _dir.WriteText("in/d.jsonl", lastWithoutNewline.Text);
        _dir.WriteText("in/empty.jsonl", "");
        _dir.WriteLines("in/.hidden.jsonl", [BadRows.AdapterFailure(BadRows.Marker(90)).Text]);
        _dir.WriteLines("in/.hidden-folder/e.jsonl", [BadRows.AdapterFailure(BadRows.Marker(91)).Text]);
        var output = _dir.At("out");

        var result = await CliProcess.RunAsync("run", "--input", _dir.At("in"), "--config", config, "--output", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("run completed", result.Stderr);
        Assert.Empty(result.Stdout);
        var found = Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable"));
        Assert.Equal([adapter.Id, schema.Id, nested.Id, lastWithoutNewline.Id], found.Recovered.Order());
        Assert.Equal([noFlow.Id], found.Failed);
        Assert.Equal([notJson.Id], found.NotBadRows);
        Assert.Equal([size.Id], found.Unrecoverable);
        Assert.DoesNotContain(BadRows.Marker(90), found.All);
        Assert.DoesNotContain(BadRows.Marker(91), found.All);
    }

    [Fact]
    public async Task Recovered_lines_are_base64_thrift_payloads_with_the_repaired_querystring()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var adapter = BadRows.AdapterFailure(BadRows.Marker(1));
        var schema = BadRows.SchemaViolation(BadRows.Marker(2));
        _dir.WriteLines("in/rows.jsonl", [adapter.Text, schema.Text]);
        var output = _dir.At("out");

        var result = await CliProcess.RunAsync("run", "--input", _dir.At("in/rows.jsonl"), "--config", config, "--output", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        var payloads = Outputs.Recovered(output).ToDictionary(p => Outputs.Parameter(p, "id")!);
        var fromAdapter = payloads[adapter.Id];
        Assert.Equal($"e=pv&page=new&id={adapter.Id}", fromAdapter.Querystring);
        Assert.Equal("/com.snowplowanalytics.snowplow/tp1", fromAdapter.Path);
        Assert.Equal("iglu:com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-0", fromAdapter.Schema);
        Assert.Equal("test-collector", fromAdapter.Collector);
        var uePr = JsonNode.Parse(Outputs.Parameter(payloads[schema.Id], "ue_pr")!)!;
        Assert.Equal("iglu:com.acme/thing/jsonschema/1-0-1", uePr["data"]!["schema"]!.GetValue<string>());
        Assert.Equal("test-loader", payloads[schema.Id].Collector);
    }

    [Fact]
    public async Task Failed_and_unrecoverable_rows_are_recovery_errors_wrapping_the_original_row()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var noFlow = BadRows.NoFlow(BadRows.Marker(1));
        var size = BadRows.SizeViolation(BadRows.Marker(2));
        var notJson = BadRows.NotJson(BadRows.Marker(3));
        _dir.WriteLines("in/rows.jsonl", [noFlow.Text, size.Text, notJson.Text]);
        var output = _dir.At("out");

        var result = await CliProcess.RunAsync("run", "--input", _dir.At("in"), "--config", config, "--output", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        var failed = Assert.Single(Outputs.BadRowsIn(Path.Combine(output, "failed")));
        Assert.StartsWith(
            "iglu:com.snowplowanalytics.snowplow.badrows/recovery_error/jsonschema/1-0-",
            failed["schema"]!.GetValue<string>()
        );
        Assert.Equal(1, failed["data"]!["recoveries"]!.GetValue<int>());
        Assert.Contains("no configuration", failed["data"]!["failure"]!["error"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(noFlow.Text), failed["data"]!["payload"]), "the original row is carried as it was");

        var unrecoverable = Assert.Single(Outputs.BadRowsIn(Path.Combine(output, "unrecoverable")));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(size.Text), unrecoverable["data"]!["payload"]));
        Assert.Contains("size_violation", unrecoverable["data"]!["failure"]!["error"]!.GetValue<string>());

        var notABadRow = Assert.Single(Outputs.BadRowsIn(Path.Combine(output, "failed"), Outputs.FormatViolationFolder));
        Assert.Equal(
            "iglu:com.snowplowanalytics.snowplow.badrows/collector_payload_format_violation/jsonschema/1-0-0",
            notABadRow["schema"]!.GetValue<string>()
        );
        Assert.Equal(notJson.Text, notABadRow["data"]!["payload"]!.GetValue<string>());
    }

    [Fact]
    public async Task Globs_select_files_and_explicit_failed_and_unrecoverable_folders_are_used()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var gz = BadRows.AdapterFailure(BadRows.Marker(1));
        var deepGz = BadRows.SizeViolation(BadRows.Marker(2));
        var plain = BadRows.NoFlow(BadRows.Marker(3));
        var ignored = BadRows.AdapterFailure(BadRows.Marker(4));
        _dir.WriteGzipLines("in/one.jsonl.gz", [gz.Text]);
        _dir.WriteGzipLines("in/2024/05/two.jsonl.gz", [deepGz.Text]);
        _dir.WriteLines("in/three.jsonl", [plain.Text]);
        _dir.WriteLines("in/four.txt", [ignored.Text]);
        var (output, failed, unrecoverable) = (_dir.At("recovered"), _dir.At("elsewhere/failed"), _dir.At("elsewhere/unrecoverable"));

        var result = await CliProcess.RunAsync(
            "run",
            "--input",
            _dir.At("in") + "/**/*.gz",
            _dir.At("in") + "/th?ee.jsonl",
            "--config",
            config,
            "--output",
            output,
            "--failed",
            failed,
            "--unrecoverable",
            unrecoverable
        );

        Assert.True(result.ExitCode == 0, result.ToString());
        var found = Outputs.Read(output, failed, unrecoverable);
        Assert.Equal([gz.Id], found.Recovered);
        Assert.Equal([plain.Id], found.Failed);
        Assert.Equal([deepGz.Id], found.Unrecoverable);
        Assert.False(Directory.Exists(Path.Combine(output, "failed")), "no default folder when --failed is given");
        Assert.False(Directory.Exists(Path.Combine(output, "unrecoverable")), "no default folder when --unrecoverable is given");
    }

    [Fact]
    public async Task Gzip_is_recognised_by_its_magic_bytes_whatever_the_name()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var row = BadRows.AdapterFailure(BadRows.Marker(1));
        _dir.WriteGzipLines("in/no-extension", [row.Text]);
        var output = _dir.At("out");

        var result = await CliProcess.RunAsync("run", "--input", _dir.At("in"), "--config", config, "--output", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([row.Id], Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable")).Recovered);
    }

    [Fact]
    public async Task The_config_may_be_given_as_base64_text()
    {
        var row = BadRows.AdapterFailure(BadRows.Marker(1));
        _dir.WriteLines("in/rows.jsonl", [row.Text]);
        var output = _dir.At("out");

        var result = await CliProcess.RunAsync(
            "run",
            "--input",
            _dir.At("in"),
            "--config",
            Configs.Base64(Configs.Standard),
            "--output",
            output
        );

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([row.Id], Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable")).Recovered);
    }

    [Fact]
    public async Task Failed_rows_fed_back_with_a_fixed_config_are_recovered_and_still_failing_ones_count_their_recoveries()
    {
        // First run: no flow for schema_violations yet.
        var withoutFlow = _dir.WriteText(
            "first.json",
            Configs.Standard.Replace("schema_violations/jsonschema/2-*-*", "schema_violations/jsonschema/9-*-*")
        );
        var fixedConfig = _dir.WriteText("fixed.json", Configs.Standard);
        var schema = BadRows.SchemaViolation(BadRows.Marker(1));
        var noFlow = BadRows.NoFlow(BadRows.Marker(2));
        _dir.WriteLines("in/rows.jsonl", [schema.Text, noFlow.Text]);
        var first = await CliProcess.RunAsync("run", "--input", _dir.At("in"), "--config", withoutFlow, "--output", _dir.At("run-1"));
        Assert.True(first.ExitCode == 0, first.ToString());

        var second = await CliProcess.RunAsync(
            "run",
            "--input",
            _dir.At("run-1/failed"),
            "--config",
            fixedConfig,
            "--output",
            _dir.At("run-2")
        );

        Assert.True(second.ExitCode == 0, second.ToString());
        var found = Outputs.Read(_dir.At("run-2"), _dir.At("run-2/failed"), _dir.At("run-2/unrecoverable"));
        Assert.Equal([schema.Id], found.Recovered);
        var stillFailing = Assert.Single(Outputs.BadRowsIn(_dir.At("run-2/failed")));
        Assert.Equal(2, stillFailing["data"]!["recoveries"]!.GetValue<int>());
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(noFlow.Text), stillFailing["data"]!["payload"]),
            "the original row, not a recovery_error of a recovery_error"
        );
    }

    [Fact]
    public async Task Failed_and_unrecoverable_rows_may_share_one_folder()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var lines = BadRows.Mixed(25);
        _dir.WriteLines("in/rows.jsonl", lines.Select(l => l.Text));
        var (output, notRecovered) = (_dir.At("out"), _dir.At("not-recovered"));

        var result = await CliProcess.RunAsync(
            "run",
            "--input",
            _dir.At("in"),
            "--config",
            config,
            "--output",
            output,
            "--failed",
            notRecovered,
            "--unrecoverable",
            notRecovered + "/",
            "--part-bytes",
            "1000"
        );

        Assert.True(result.ExitCode == 0, result.ToString());
        var found = Outputs.Read(output, notRecovered, notRecovered);
        // Both kinds are in the one recovery_error folder, so it reads the same as "failed" and as "unrecoverable".
        Assert.Equal(found.Failed, found.Unrecoverable);
        Assert.Equal(
            lines.Where(l => l.Expected is Expected.Failed or Expected.Unrecoverable).Select(l => l.Id).Order(),
            found.Failed.Order()
        );
        Assert.Equal(lines.Where(l => l.Expected == Expected.NotABadRow).Select(l => l.Id).Order(), found.NotBadRows.Order());
    }
}
