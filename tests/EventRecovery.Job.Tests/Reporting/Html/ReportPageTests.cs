using System.Text.RegularExpressions;
using EventRecovery.Job.Reporting;
using EventRecovery.Job.Reporting.Html;

namespace EventRecovery.Job.Tests.Reporting.Html;

public sealed partial class ReportPageTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_page_refers_to_nothing_outside_itself()
    {
        var run = Summaries.Shard(0, 1, 5, 3, 1, [Summaries.Group("schema_violations", "r", 3, "f:1")]);

        var html = ReportPage.Render(ReportData.Of(run), Now);

        // A policy that forbids fetching anything, and no attribute that would fetch.
        Assert.Contains("default-src 'none'", html);
        Assert.DoesNotMatch(SourceAttribute(), html);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotContain("url(", html);
        // The only absolute URL is SVG's namespace, an identifier that is never fetched.
        Assert.All(AbsoluteUrl().Matches(html).Select(m => m.Value), url => Assert.Equal("http://www.w3.org/2000/svg", url));
    }

    [Fact]
    public void Text_from_the_run_cannot_inject_markup()
    {
        var evil = "<script>alert(1)</script>\"'&";
        var run = Summaries.Shard(0, 1, 5, 3, 1, [Summaries.Group("schema_violations", evil, 3, "file<x>.jsonl:1")]) with
        {
            ByFlow = new(StringComparer.Ordinal) { [evil] = new OutcomeCounts(5, 0, 0) },
            Inputs = [evil],
            Config = new ConfigUsed(new string('a', 64), "{\"value\": \"</pre><script>alert(2)</script>\"}"),
        };

        var html = ReportPage.Render(ReportData.Of(run), Now);

        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("file<x>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Single(ScriptTag().Matches(html)); // the page's own script only
    }

    [Fact]
    public void Every_bar_carries_its_count_as_text_and_as_data()
    {
        var run = Summaries.Shard(0, 1, 1_234_567, 3, 1);

        var html = ReportPage.Render(ReportData.Of(run), Now);

        Assert.Contains("data-chart=\"by-type\"", html);
        Assert.Contains("data-key=\"adapter_failures\"", html);
        Assert.Matches(new Regex("data-outcome=\"recovered\" data-value=\"1234567\">.*?<text class=\"value\"[^>]*>1,234,567</text>"), html);
        Assert.Contains(">1,234,571<", html); // numRecordsIn in the figures
    }

    [Fact]
    public void A_failed_run_says_so_first()
    {
        var run = Summaries.Shard(0, 1, 5, 0, 0, outcome: "failed", error: "reading x.gz broke off after line 69");

        var html = ReportPage.Render(ReportData.Of(run), Now);

        Assert.Contains("class=\"badge failed\"", html);
        var problems = html.IndexOf("id=\"problems\"", StringComparison.Ordinal);
        var summary = html.IndexOf("id=\"summary\"", StringComparison.Ordinal);
        Assert.True(problems > 0 && problems < summary, "the problems come before the figures");
        Assert.Contains("FAILED part-way: reading x.gz broke off after line 69", html);
    }

    [Fact]
    public void A_merged_page_lists_every_shard_and_draws_each_ones_throughput()
    {
        var data = ReportData.Merge([Summaries.Shard(0, 2, 10, 0, 0), Summaries.Shard(1, 2, 20, 0, 0)]);

        var html = ReportPage.Render(data, Now);

        Assert.Contains("Merged recovery report", html);
        Assert.Contains("id=\"shards\"", html);
        Assert.Contains("data-series=\"shard 1 of 2\"", html);
        Assert.Contains("data-series=\"shard 2 of 2\"", html);
    }

    [Fact]
    public void A_summary_from_before_the_report_existed_still_renders()
    {
        var old = RunSummary.FromJson(
            """
            {"outcome":"completed","numRecordsIn":3,"recovered":3,"failed":0,"unrecoverable":0,
             "byType":{"adapter_failures":{"recovered":3,"failed":0,"unrecoverable":0}},"byFlow":{},"topFailureReasons":[],
             "elapsedSeconds":1.5}
            """
        );

        var html = ReportPage.Render(ReportData.Of(old), Now);

        Assert.Contains("Not recorded in the summary", html);
        Assert.Contains("No samples", html);
    }

    [GeneratedRegex("""\s(src|href|action|xlink:href)\s*=\s*["']?(?!#)[^"'\s>]""", RegexOptions.IgnoreCase)]
    private static partial Regex SourceAttribute();

    [GeneratedRegex("""https?://[^\s"'<>)]+""")]
    private static partial Regex AbsoluteUrl();

    [GeneratedRegex("<script", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();
}
