using System.Text;
using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests;

/// <summary>Every input line goes to exactly one output: numRecordsIn = recovered + failed + unrecoverable.</summary>
public class CountingTests : IDisposable
{
    private const int MaxLineBytes = 4096;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task On_a_mixed_input_the_summary_and_the_outputs_count_every_line_once()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        // 203 lines of known kinds over three files, plus blank lines, a too-long line, CRLF endings and invalid UTF-8.
        var lines = BadRows.Mixed(200);
        lines.Add(BadRows.TooLong(BadRows.Marker(200), MaxLineBytes));
        _dir.WriteLines("in/part-1.jsonl", lines[..80].Select(l => l.Text).Append("").Append(lines[200].Text));
        _dir.WriteGzipLines("in/part-2.jsonl.gz", lines[80..150].Select(l => l.Text).Prepend(""));
        _dir.WriteText("in/sub/part-3.jsonl", string.Concat(lines[150..200].Select(l => l.Text + "\r\n")) + "\r\n");
        var notUtf8 = new InputLine(Outputs.NoMarker, "", Expected.NotABadRow);
        _dir.WriteBytes(
            "in/sub/part-4.jsonl",
            [.. Encoding.ASCII.GetBytes("{\"broken\": \""), 0xff, 0xfe, (byte)'"', (byte)'}', (byte)'\n']
        );
        lines.Add(notUtf8);
        const int blankLines = 3;
        var output = _dir.At("out");
        var summaryPath = _dir.At("summary.json");

        var result = await CliProcess.RunAsync(
            "run",
            "--input",
            _dir.At("in"),
            "--config",
            config,
            "--output",
            output,
            "--summary-json",
            summaryPath,
            "--max-line-bytes",
            MaxLineBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)
        );

        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = Outputs.Summary(summaryPath);
        Assert.Equal("completed", summary["outcome"]!.GetValue<string>());
        Assert.Equal(lines.Count, summary.Count("numRecordsIn"));
        Assert.Equal(summary.Count("numRecordsIn"), summary.Count("recovered") + summary.Count("failed") + summary.Count("unrecoverable"));
        Assert.True(summary["countsBalance"]!.GetValue<bool>());
        Assert.Equal(blankLines, summary.Count("blankLines"));
        Assert.Equal(4, summary.Count("inputSplitsDone"));

        // What was expected of each kind is what the summary says...
        Assert.Equal(lines.Count(l => l.Expected == Expected.Recovered), summary.Count("recovered"));
        Assert.Equal(lines.Count(l => l.Expected is Expected.Failed or Expected.NotABadRow), summary.Count("failed"));
        Assert.Equal(lines.Count(l => l.Expected == Expected.Unrecoverable), summary.Count("unrecoverable"));

        // ... and what the output files hold, line for line.
        var found = Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable"));
        Assert.Equal(summary.Count("recovered"), found.Recovered.Count);
        Assert.Equal(summary.Count("failed"), found.Failed.Count + found.NotBadRows.Count);
        Assert.Equal(summary.Count("unrecoverable"), found.Unrecoverable.Count);
        Assert.Equal(lines.Where(l => l.Expected == Expected.Recovered).Select(l => l.Id).Order(), found.Recovered.Order());
        Assert.Equal(lines.Where(l => l.Expected == Expected.Failed).Select(l => l.Id).Order(), found.Failed.Order());
        Assert.Equal(lines.Where(l => l.Expected == Expected.NotABadRow).Select(l => l.Id).Order(), found.NotBadRows.Order());
        Assert.Equal(lines.Where(l => l.Expected == Expected.Unrecoverable).Select(l => l.Id).Order(), found.Unrecoverable.Order());

        // The console summary says the same.
        var text = Outputs.TextSummary(result.Stderr);
        Assert.Equal(
            (summary.Count("recovered"), summary.Count("failed"), summary.Count("unrecoverable"), summary.Count("numRecordsIn")),
            text
        );
        Assert.Contains($"+{blankLines} blank, skipped", result.Stderr);
    }

    [Fact]
    public async Task Per_type_and_per_flow_counts_add_up_to_the_totals()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var lines = BadRows.Mixed(50);
        _dir.WriteLines("in/rows.jsonl", lines.Select(l => l.Text));
        var summaryPath = _dir.At("summary.json");

        var result = await CliProcess.RunAsync(
            "run",
            "--input",
            _dir.At("in"),
            "--config",
            config,
            "--output",
            _dir.At("out"),
            "--summary-json",
            summaryPath
        );

        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = Outputs.Summary(summaryPath);
        var byType = summary["byType"]!.AsObject();
        Assert.Equal(summary.Count("recovered"), byType.Sum(t => t.Value!["recovered"]!.GetValue<long>()));
        Assert.Equal(summary.Count("failed"), byType.Sum(t => t.Value!["failed"]!.GetValue<long>()));
        Assert.Equal(summary.Count("unrecoverable"), byType.Sum(t => t.Value!["unrecoverable"]!.GetValue<long>()));
        Assert.Equal(10, byType["adapter_failures"]!["recovered"]!.GetValue<long>());
        Assert.Equal(10, byType["schema_violations"]!["recovered"]!.GetValue<long>());
        Assert.Equal(10, byType["tracker_protocol_violations"]!["failed"]!.GetValue<long>());
        Assert.Equal(10, byType["size_violation"]!["unrecoverable"]!.GetValue<long>());
        var byFlow = summary["byFlow"]!.AsObject();
        Assert.Equal(10, byFlow["fix-page"]!["recovered"]!.GetValue<long>());
        Assert.Equal(10, byFlow["thing-1-0-1"]!["recovered"]!.GetValue<long>());
    }
}
