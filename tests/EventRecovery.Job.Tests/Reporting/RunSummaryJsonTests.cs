using EventRecovery.Job.Reporting;

namespace EventRecovery.Job.Tests.Reporting;

public sealed class RunSummaryJsonTests
{
    [Fact]
    public void What_a_run_writes_reads_back_whole()
    {
        var summary = Summaries.Shard(3, 8, 70, 20, 10, [Summaries.Group("schema_violations", "r", 20, "a:1")]);

        var read = RunSummary.FromJson(summary.ToJson());

        Assert.Equal(summary.ToJson(), read.ToJson());
        Assert.Equal(new ShardInfo(3, 8), read.Shard);
        Assert.Equal(summary.Throughput, read.Throughput);
        Assert.Equal(summary.Config, read.Config);
    }

    [Fact]
    public void The_fields_the_report_needs_are_in_the_json_by_their_documented_names()
    {
        var summary = Summaries.Shard(1, 2, 1, 1, 1, [Summaries.Group("schema_violations", "r", 1)]);
        var json = System.Text.Json.Nodes.JsonNode.Parse(summary.ToJson())!.AsObject();

        string[] names =
        [
            "version",
            "shard",
            "startedAt",
            "finishedAt",
            "inputs",
            "outputs",
            "config",
            "failureGroupCount",
            "throughput",
            "byType",
            "byFlow",
            "failureGroups",
        ];
        foreach (var name in names)
            Assert.True(json.ContainsKey(name), name);
        Assert.Equal(1, (int)json["shard"]!["index"]!);
        Assert.Equal(2, (int)json["shard"]!["count"]!);
        Assert.Equal(3, json["throughput"]!.AsArray().Count);
        Assert.NotNull(json["config"]!["sha256"]);
        Assert.NotNull(json["config"]!["text"]);
    }

    [Fact]
    public void A_file_that_is_not_a_summary_is_refused_with_a_reason()
    {
        var e = Assert.ThrowsAny<System.Text.Json.JsonException>(() => RunSummary.FromJson("""{"schema":"iglu:x","data":{}}"""));

        Assert.Contains("outcome", e.Message, StringComparison.OrdinalIgnoreCase);
    }
}
