using EventRecovery.Job.Reporting;
using EventRecovery.Job.Reporting.Html;

namespace EventRecovery.Job.Tests.Reporting.Html;

public sealed class ReportDataTests
{
    [Fact]
    public void One_run_is_reported_as_it_is()
    {
        var run = Summaries.Shard(2, 8, 70, 20, 10, [Summaries.Group("schema_violations", "no configuration applies", 20, "a:1", "a:2")]);

        var data = ReportData.Of(run);

        Assert.False(data.IsMerged);
        Assert.Equal((100L, 70L, 20L, 10L), (data.NumRecordsIn, data.Recovered, data.Failed, data.Unrecoverable));
        Assert.Equal("shard 3 of 8 (--shard 2/8)", data.ShardText);
        Assert.Equal(
            run.FailureGroups.Select(g => (g.BadRowType, g.Outcome, g.Reason, g.Count, string.Join(" ", g.Examples))),
            data.FailureGroups.Select(g => (g.BadRowType, g.Outcome, g.Reason, g.Count, string.Join(" ", g.Examples)))
        );
        Assert.Equal(run.ElapsedSeconds, data.ElapsedSeconds);
        Assert.Empty(data.Problems);
    }

    [Fact]
    public void Shards_are_summed_and_their_failure_groups_merged_by_type_outcome_and_reason()
    {
        var a = Summaries.Shard(
            0,
            2,
            70,
            20,
            10,
            [
                Summaries.Group("schema_violations", "no configuration applies", 15, "a:1", "a:2"),
                Summaries.Group("schema_violations", "Cast failed", 5, "a:9"),
                Summaries.Group("size_violation", "cannot be recovered", 10, "a:3"),
            ]
        );
        var b = Summaries.Shard(
            1,
            2,
            30,
            40,
            1,
            [
                Summaries.Group("schema_violations", "no configuration applies", 40, "b:1", "b:2", "b:3"),
                Summaries.Group("size_violation", "cannot be recovered", 1, "b:7"),
            ]
        );

        var data = ReportData.Merge([a, b]);

        Assert.Equal((171L, 100L, 60L, 11L), (data.NumRecordsIn, data.Recovered, data.Failed, data.Unrecoverable));
        Assert.Equal(new OutcomeCounts(100, 0, 0), data.ByType["adapter_failures"]);
        Assert.Equal(new OutcomeCounts(0, 60, 0), data.ByType["schema_violations"]);
        Assert.Equal(new OutcomeCounts(100, 0, 0), data.ByFlow["fix-app-id"]);
        Assert.Equal(
            [
                ("schema_violations", "no configuration applies", 55L),
                ("size_violation", "cannot be recovered", 11L),
                ("schema_violations", "Cast failed", 5L),
            ],
            data.FailureGroups.Select(g => (g.BadRowType, g.Reason, g.Count))
        );
        Assert.Equal(["a:1", "a:2", "b:1"], data.FailureGroups[0].Examples); // the first three, in shard order
        Assert.Equal("all 2 shards merged", data.ShardText);
        Assert.Empty(data.Problems);
        // Side by side: from the first start (10:00:00) to the last end (10:01:10).
        Assert.Equal(70, data.ElapsedSeconds);
    }

    [Fact]
    public void Missing_and_repeated_shards_are_named()
    {
        var data = ReportData.Merge([Summaries.Shard(0, 4, 1, 0, 0), Summaries.Shard(2, 4, 1, 0, 0), Summaries.Shard(2, 4, 1, 0, 0)]);

        Assert.Equal("2 of 4 shards merged", data.ShardText);
        Assert.Contains(data.Problems, p => p.Contains("3 (--shard 2/4) given more than once", StringComparison.Ordinal));
        Assert.Contains(data.Problems, p => p.Contains("2 of 4 shards missing (--shard 1/4, --shard 3/4)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_failed_shard_makes_the_report_failed_and_says_why()
    {
        var failed = Summaries.Shard(1, 2, 3, 0, 0, outcome: "failed", error: "writing s3://out/x failed");

        var data = ReportData.Merge([Summaries.Shard(0, 2, 5, 0, 0), failed]);

        Assert.Equal("failed", data.Outcome);
        Assert.Contains(data.Problems, p =>
            p.StartsWith("shard 2 of 2: the run FAILED part-way: writing s3://out/x failed", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void Groups_a_shard_left_out_of_its_summary_are_flagged()
    {
        var partial = Summaries.Shard(0, 1, 1, 30, 0, [Summaries.Group("schema_violations", "r", 30)]) with { FailureGroupCount = 14 };

        Assert.True(ReportData.Of(partial).FailureGroupsPartial);
        Assert.False(ReportData.Of(partial with { FailureGroupCount = 1 }).FailureGroupsPartial);
    }
}
