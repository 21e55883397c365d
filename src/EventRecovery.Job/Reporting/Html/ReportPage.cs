using System.Text;
using static EventRecovery.Job.Reporting.Html.HtmlText;

namespace EventRecovery.Job.Reporting.Html;

/// <summary>
/// The run report: one self-contained HTML page (CSS, script and SVG charts inline; a content security policy that
/// forbids loading anything), readable at a glance, usable with the keyboard and offline, and printable. Rendered
/// from <see cref="ReportData"/> with plain string building: no template engine, nothing reflected, so native code
/// renders it too.
/// </summary>
public static class ReportPage
{
    /// <summary>Flows charted; the rest are listed in the table below the chart.</summary>
    public const int MaxChartedFlows = 30;

    private static readonly Lazy<string> Css = new(() => Resource("report.css"));
    private static readonly Lazy<string> Script = new(() => Resource("report.js"));

    /// <summary>The page for <paramref name="data"/>, stamped with <paramref name="generatedAt"/>.</summary>
    public static string Render(ReportData data, DateTimeOffset generatedAt)
    {
        var sb = new StringBuilder(16 * 1024);
        var heading = data.IsMerged ? "Merged recovery report" : "Recovery run report";
        var title = $"{heading}: {data.Outcome}, {Count(data.NumRecordsIn)} lines";
        sb.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        // Nothing may be fetched: the page is everything, wherever it is opened.
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; ")
            .Append("script-src 'unsafe-inline'; img-src data:\">");
        sb.Append($"<meta name=\"generator\" content=\"event-recovery {E(string.Join(", ", data.Versions))}\">");
        sb.Append($"<title>{E(title)}</title><style>{Css.Value}</style></head>\n<body>");
        sb.Append("<a class=\"skip\" href=\"#summary\">Skip to the summary</a>");
        Header(sb, data, generatedAt);
        Nav(sb, data);
        sb.Append("<main>");
        Problems(sb, data);
        Summary(sb, data);
        ByType(sb, data);
        ByFlow(sb, data);
        FailureGroups(sb, data);
        Unchanged(sb, data);
        Verification(sb, data);
        Throughput(sb, data);
        Shards(sb, data);
        RunSetup(sb, data);
        sb.Append("</main>");
        sb.Append($"<footer>Written by event-recovery {E(string.Join(", ", data.Versions))} on {E(Utc(generatedAt))}. ")
            .Append("This page loads nothing: it works offline and can be archived as it is.</footer>");
        sb.Append($"<script>{Script.Value}</script></body></html>\n");
        return sb.ToString();
    }

    private static void Header(StringBuilder sb, ReportData data, DateTimeOffset generatedAt)
    {
        sb.Append("<header><h1>").Append(data.IsMerged ? "Merged recovery report" : "Recovery run report").Append("</h1>");
        sb.Append($"<p class=\"status\"><span class=\"badge {E(data.Outcome)}\" id=\"outcome\">{E(data.Outcome)}</span>");
        if (data.ShardText is { } shard)
            sb.Append($" <span class=\"shard\" id=\"shard\">{E(shard)}</span>");
        var started = data.Runs.Select(r => r.StartedAt).OfType<DateTimeOffset>().DefaultIfEmpty(generatedAt).Min();
        sb.Append($" <span class=\"when\">started {E(Utc(started))}</span>");
        if (data.Versions.Count > 0)
            sb.Append($" <span class=\"version\">event-recovery {E(string.Join(", ", data.Versions))}</span>");
        sb.Append("</p></header>");
    }

    private static void Nav(StringBuilder sb, ReportData data)
    {
        sb.Append("<nav aria-label=\"sections\"><ul>");
        if (data.Problems.Count > 0)
            sb.Append("<li><a href=\"#problems\">Problems</a></li>");
        sb.Append("<li><a href=\"#summary\">Summary</a></li><li><a href=\"#by-type\">By type</a></li>")
            .Append("<li><a href=\"#by-flow\">By flow</a></li>");
        sb.Append("<li><a href=\"#failures\">Failure groups</a></li>");
        if (data.Unchanged.Count > 0)
            sb.Append("<li><a href=\"#unchanged\">Unchanged steps</a></li>");
        if (data.Verification is not null)
            sb.Append("<li><a href=\"#verification\">Verification</a></li>");
        sb.Append("<li><a href=\"#throughput\">Throughput</a></li>");
        if (data.IsMerged)
            sb.Append("<li><a href=\"#shards\">Shards</a></li>");
        sb.Append("<li><a href=\"#setup\">Inputs, outputs, config</a></li>");
        sb.Append("<li class=\"no-print\"><button type=\"button\" id=\"print\">Print</button></li></ul></nav>");
    }

    private static void Problems(StringBuilder sb, ReportData data)
    {
        if (data.Problems.Count == 0)
            return;
        sb.Append("<section id=\"problems\" class=\"problems\" role=\"alert\"><h2>Problems</h2><ul>");
        foreach (var p in data.Problems)
            sb.Append($"<li>{E(p)}</li>");
        sb.Append("</ul></section>");
    }

    private static void Summary(StringBuilder sb, ReportData data)
    {
        sb.Append("<section id=\"summary\"><h2>Summary</h2><dl class=\"figures\">");
        var blank = data.BlankLines > 0 ? $"+{Count(data.BlankLines)} blank, skipped" : null;
        Figure(sb, "lines", "lines (numRecordsIn)", Count(data.NumRecordsIn), blank);
        Figure(sb, "recovered", "recovered", Count(data.Recovered), Percent(data.Recovered, data.NumRecordsIn));
        Figure(sb, "failed", "failed", Count(data.Failed), Percent(data.Failed, data.NumRecordsIn));
        Figure(sb, "unrecoverable", "unrecoverable", Count(data.Unrecoverable), Percent(data.Unrecoverable, data.NumRecordsIn));
        var splits = $"{Count(data.InputSplitsDone)} of {Count(data.InputSplits)} splits read to the end";
        Figure(sb, "bytes", "input read", Bytes(data.InputBytes), splits);
        Figure(sb, "duration", "duration", Duration(data.ElapsedSeconds), data.IsMerged ? "first start to last end" : null);
        Figure(sb, "rate", "lines per second", Number(data.LinesPerSecond, 0), $"{Number(data.MegabytesPerSecond, 2)} MB/s");
        sb.Append("</dl>");
        var outcomes = data.Recovered + data.Failed + data.Unrecoverable;
        sb.Append(
            data.CountsBalance
                ? $"<p class=\"check ok\">numRecordsIn {Count(data.NumRecordsIn)} = recovered + failed + unrecoverable: "
                    + "every line ended in exactly one output.</p>"
                : $"<p class=\"check bad\">numRecordsIn {Count(data.NumRecordsIn)} ≠ recovered + failed + unrecoverable "
                    + $"{Count(outcomes)}: please report this.</p>"
        );
        sb.Append("</section>");
    }

    private static void Figure(StringBuilder sb, string id, string label, string value, string? note)
    {
        sb.Append($"<div class=\"figure {id}\"><dt>{E(label)}</dt><dd><span class=\"value\" id=\"figure-{id}\">{E(value)}</span>");
        if (!string.IsNullOrEmpty(note))
            sb.Append($"<span class=\"note\">{E(note)}</span>");
        sb.Append("</dd></div>");
    }

    private static void Legend(StringBuilder sb, IEnumerable<string> outcomes)
    {
        sb.Append("<p class=\"legend\" aria-hidden=\"true\">");
        foreach (var o in outcomes)
            sb.Append($"<span class=\"key {o}\"></span>{o} ");
        sb.Append("</p>");
    }

    private static void ByType(StringBuilder sb, ReportData data)
    {
        sb.Append("<section id=\"by-type\"><h2>Outcomes by bad row type</h2>");
        if (data.ByType.Count == 0)
        {
            sb.Append("<p class=\"empty\">No rows were read.</p></section>");
            return;
        }
        string[] outcomes = ["recovered", "failed", "unrecoverable"];
        Legend(sb, outcomes);
        var chart = SvgCharts.OutcomeBars("by-type", "rows per bad row type and outcome", [.. data.ByType], outcomes);
        sb.Append("<div class=\"scroll\">").Append(chart).Append("</div>");
        sb.Append("</section>");
    }

    private static void ByFlow(StringBuilder sb, ReportData data)
    {
        sb.Append("<section id=\"by-flow\"><h2>Outcomes by flow</h2>");
        if (data.ByFlow.Count == 0)
        {
            sb.Append("<p class=\"empty\">No flow of the config applied to any row.</p></section>");
            return;
        }
        sb.Append("<p class=\"hint\">A row counts for every flow that applied to it (the steps of all matching flows run).</p>");
        List<string> outcomes = ["recovered", "failed"];
        if (data.ByFlow.Values.Any(n => n.Unrecoverable > 0))
            outcomes.Add("unrecoverable");
        Legend(sb, outcomes);
        var charted = data
            .ByFlow.OrderByDescending(p => p.Value.Recovered + p.Value.Failed + p.Value.Unrecoverable)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(MaxChartedFlows)
            .ToList();
        sb.Append("<div class=\"scroll\">")
            .Append(SvgCharts.OutcomeBars("by-flow", "rows per flow and outcome", charted, outcomes))
            .Append("</div>");
        if (data.ByFlow.Count > charted.Count)
        {
            sb.Append($"<details><summary>All {Count(data.ByFlow.Count)} flows ")
                .Append($"(the chart shows the {charted.Count} with most rows)</summary>");
            TableHead(sb, null, "flow", "#recovered", "#failed");
            foreach (var (flow, n) in data.ByFlow)
                Row(sb, E(flow), Num(Count(n.Recovered)), Num(Count(n.Failed)));
            sb.Append("</tbody></table></details>");
        }
        sb.Append("</section>");
    }

    private static void FailureGroups(StringBuilder sb, ReportData data)
    {
        sb.Append("<section id=\"failures\"><h2>Failure groups</h2>");
        if (data.FailureGroups.Count == 0)
        {
            sb.Append("<p class=\"empty\">Every row was recovered.</p></section>");
            return;
        }
        sb.Append("<p class=\"hint\">Rows not recovered, by bad row type, outcome and reason class (the reason with each row's values ")
            .Append(
                "taken out), largest first. "
                    + "See one row's whole story with <code>event-recovery explain --config CONFIG --line FILE:LINE</code>.</p>"
            );
        if (data.FailureGroupsPartial)
            sb.Append("<p class=\"warn\">A run found more groups than its summary lists (the largest 10 of each run are kept): ")
                .Append("rows of its smaller groups are not counted here.</p>");
        TableHead(sb, "groups", "#rows", "type", "outcome", "reason, and the first rows (FILE:LINE)");
        foreach (var g in data.FailureGroups.Take(ReportData.MaxFailureGroups))
        {
            sb.Append($"<tr class=\"group\" data-type=\"{E(g.BadRowType)}\" data-outcome=\"{E(g.Outcome)}\"")
                .Append($" data-count=\"{Raw(g.Count)}\">");
            sb.Append($"<td class=\"num\">{Count(g.Count)}</td><td>{E(g.BadRowType)}</td>");
            sb.Append($"<td><span class=\"tag {E(g.Outcome)}\">{E(g.Outcome)}</span></td>");
            sb.Append($"<td class=\"reason\"><p>{E(g.Reason)}</p><ul class=\"examples\">");
            foreach (var e in g.Examples)
                sb.Append($"<li><code>{E(e)}</code></li>");
            sb.Append("</ul></td></tr>");
        }
        sb.Append("</tbody></table>");
        if (data.FailureGroups.Count > ReportData.MaxFailureGroups)
            sb.Append($"<p class=\"hint\">{Count(data.FailureGroups.Count - ReportData.MaxFailureGroups)} smaller groups not shown.</p>");
        sb.Append("</section>");
    }

    private static void Unchanged(StringBuilder sb, ReportData data)
    {
        if (data.Unchanged.Count == 0)
            return;
        sb.Append("<section id=\"unchanged\"><h2>Steps that changed nothing</h2>")
            .Append("<p class=\"hint\">Rows in which a step ran and changed nothing (<code>--strict-steps</code> fails such rows).</p>");
        TableHead(sb, null, "flow", "step", "#rows unchanged");
        foreach (var (flow, steps) in data.Unchanged)
        foreach (var s in steps)
            Row(sb, E(flow), $"<code>steps[{s.Step}] {E(s.Op)} {E(s.Path)}</code>", Num(Count(s.Rows)));
        sb.Append("</tbody></table></section>");
    }

    private static void Verification(StringBuilder sb, ReportData data)
    {
        if (data.Verification is not { } v)
            return;
        sb.Append($"<section id=\"verification\"><h2>Verification against Iglu (--verify {E(v.Mode)})</h2><dl class=\"figures\">");
        Figure(sb, "passed", "passed", Count(v.Passed), null);
        var wouldFail = v.Mode == "strict" ? $"{Count(v.KeptBack)} sent to failed" : "sent on (report)";
        Figure(sb, "would-fail", "would fail enrichment", Count(v.WouldFail), wouldFail);
        Figure(sb, "not-verified", "not verified", Count(v.NotVerified), "a schema could not be fetched");
        Figure(sb, "not-checked", "not checked", Count(v.NotChecked), "adapter rules not checked");
        sb.Append("</dl>");
        if (v.WouldFailReasons.Count > 0)
        {
            TableHead(sb, null, "#payloads", "would fail enrichment because");
            foreach (var r in v.WouldFailReasons)
                Row(sb, Num(Count(r.Count)), E(r.Reason));
            sb.Append("</tbody></table>");
        }
        sb.Append("</section>");
    }

    private static void Throughput(StringBuilder sb, ReportData data)
    {
        sb.Append("<section id=\"throughput\"><h2>Throughput over time</h2>");
        var series = data
            .Runs.Select(
                (r, i) =>
                    (
                        Label: data.IsMerged ? ReportData.Label(r, i) : "this run",
                        Samples: (IReadOnlyList<ThroughputSample>)(r.Throughput ?? [])
                    )
            )
            .Where(s => s.Samples.Count >= 2)
            .ToList();
        if (series.Count == 0)
        {
            sb.Append("<p class=\"empty\">No samples: the summary was written by a version that did not record them, ")
                .Append("or nothing was read.</p>")
                .Append("</section>");
            return;
        }
        var longest = series.Max(s => s.Samples[^1].Seconds);
        var single = longest < 2 ? " (a run this short has a single sample: its average)" : "";
        sb.Append(
            $"<p class=\"hint\">Lines per second between samples{single}"
                + $"{(data.IsMerged ? "; one line per run, each from its own start" : "")}.</p>"
        );
        if (data.IsMerged)
        {
            sb.Append("<p class=\"legend\">");
            for (var i = 0; i < series.Count; i++)
                sb.Append($"<span class=\"key s{i % 8}\"></span>{E(series[i].Label)} ");
            sb.Append("</p>");
        }
        sb.Append("<div class=\"scroll\">").Append(SvgCharts.Throughput(series)).Append("</div>");
        sb.Append("<details><summary>The samples as a table</summary>");
        foreach (var (label, samples) in series)
        {
            CaptionedTableHead(sb, "samples", label, "#seconds", "#lines done", "#bytes read", "#lines/s since the sample before");
            for (var i = 0; i < samples.Count; i++)
            {
                var (now, before) = (samples[i], samples[Math.Max(0, i - 1)]);
                var rate = i == 0 ? "" : Number((now.Records - before.Records) / Math.Max(1e-3, now.Seconds - before.Seconds), 0);
                Row(sb, Num(Number(now.Seconds, 1)), Num(Count(now.Records)), Num(Count(now.Bytes)), Num(rate));
            }
            sb.Append("</tbody></table>");
        }
        sb.Append("</details></section>");
    }

    private static void Shards(StringBuilder sb, ReportData data)
    {
        if (!data.IsMerged)
            return;
        sb.Append("<section id=\"shards\"><h2>Runs merged</h2>");
        TableHead(sb, null, "run", "outcome", "#lines", "#recovered", "#failed", "#unrecoverable", "#duration", "#lines/s");
        for (var i = 0; i < data.Runs.Count; i++)
        {
            var r = data.Runs[i];
            Row(
                sb,
                E(ReportData.Label(r, i)),
                $"<span class=\"tag {E(r.Outcome)}\">{E(r.Outcome)}</span>",
                Num(Count(r.NumRecordsIn)),
                Num(Count(r.Recovered)),
                Num(Count(r.Failed)),
                Num(Count(r.Unrecoverable)),
                Num(Duration(r.ElapsedSeconds)),
                Num(Number(r.LinesPerSecond, 0))
            );
        }
        sb.Append("</tbody></table></section>");
    }

    private static void RunSetup(StringBuilder sb, ReportData data)
    {
        sb.Append("<section id=\"setup\"><h2>Inputs, outputs and config</h2>");
        var inputs = data.Runs.SelectMany(r => r.Inputs ?? []).Distinct(StringComparer.Ordinal).ToList();
        sb.Append("<h3>Inputs</h3>");
        if (inputs.Count == 0)
            sb.Append("<p class=\"empty\">Not recorded in the summary.</p>");
        else
        {
            sb.Append("<ul class=\"locations\" id=\"inputs\">");
            foreach (var i in inputs)
                sb.Append($"<li><code>{E(i)}</code></li>");
            sb.Append("</ul>");
        }
        sb.Append("<h3>Outputs</h3>");
        var outputs = data.Runs.SelectMany(r => r.Outputs ?? []).GroupBy(p => p.Key, StringComparer.Ordinal).ToList();
        if (outputs.Count == 0)
            sb.Append("<p class=\"empty\">Not recorded in the summary.</p>");
        else
        {
            sb.Append("<table id=\"outputs\"><tbody>");
            foreach (var g in outputs)
            {
                var places = g.Select(p => p.Value).Distinct(StringComparer.Ordinal).Select(v => $"<code>{E(v)}</code>");
                sb.Append($"<tr><th scope=\"row\">{E(g.Key)}</th><td>{string.Join("<br>", places)}</td></tr>");
            }
            sb.Append("</tbody></table>");
        }
        var configs = data
            .Runs.Select((r, i) => (r.Config, Label: ReportData.Label(r, i)))
            .Where(c => c.Config is not null)
            .GroupBy(c => c.Config!.Sha256, StringComparer.Ordinal)
            .ToList();
        sb.Append("<h3>Recovery config</h3>");
        if (configs.Count == 0)
            sb.Append("<p class=\"empty\">Not recorded in the summary.</p>");
        if (configs.Count > 1)
            sb.Append($"<p class=\"warn\">The runs used {configs.Count} different configs.</p>");
        foreach (var g in configs)
        {
            var config = g.First().Config!;
            var who = configs.Count > 1 ? $" (used by {string.Join(", ", g.Select(c => c.Label))})" : "";
            sb.Append($"<details open><summary>config, SHA-256 <code>{E(config.Sha256[..16])}…</code>{E(who)}</summary>");
            sb.Append($"<p class=\"no-print\"><button type=\"button\" class=\"copy\" data-copy=\"config-{E(config.Sha256[..16])}\">")
                .Append("Copy the config</button></p>");
            sb.Append($"<pre class=\"config\" id=\"config-{E(config.Sha256[..16])}\" tabindex=\"0\">{E(config.Text)}</pre></details>");
        }
        var resolvers = data.Runs.Select(r => r.Resolver).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        foreach (var resolver in resolvers)
        {
            sb.Append("<h3>Iglu resolver</h3>")
                .Append($"<p class=\"hint\">Secrets (such as API keys) are replaced by “{E(SecretRedaction.Redacted)}”.</p>");
            sb.Append($"<pre class=\"config resolver\" tabindex=\"0\">{E(resolver)}</pre>");
        }
        sb.Append("</section>");
    }

    /// <summary>Opens a table: <paramref name="columns"/> are header texts; a leading '#' marks a numeric one.</summary>
    private static void TableHead(StringBuilder sb, string? cssClass, params string[] columns) =>
        CaptionedTableHead(sb, cssClass, null, columns);

    /// <summary>Opens a table with a caption.</summary>
    private static void CaptionedTableHead(StringBuilder sb, string? cssClass, string? caption, params string[] columns)
    {
        sb.Append(cssClass is null ? "<table>" : $"<table class=\"{cssClass}\">");
        if (caption is not null)
            sb.Append($"<caption>{E(caption)}</caption>");
        sb.Append("<thead><tr>");
        foreach (var c in columns)
            sb.Append(c.StartsWith('#') ? $"<th scope=\"col\" class=\"num\">{E(c[1..])}</th>" : $"<th scope=\"col\">{E(c)}</th>");
        sb.Append("</tr></thead><tbody>");
    }

    // Marks a numeric cell for Row; encoded text never starts with '<', so no cell of text can look like one.
    private const string NumericMark = "<num>";

    /// <summary>A numeric (right-aligned) cell for <see cref="Row"/>.</summary>
    private static string Num(string text) => NumericMark + text;

    /// <summary>A table row of cells already HTML (text encoded); <see cref="Num"/> marks numeric ones.</summary>
    private static void Row(StringBuilder sb, params string[] cells)
    {
        sb.Append("<tr>");
        foreach (var c in cells)
        {
            var numeric = c.StartsWith(NumericMark, StringComparison.Ordinal);
            sb.Append(numeric ? $"<td class=\"num\">{c[NumericMark.Length..]}</td>" : $"<td>{c}</td>");
        }
        sb.Append("</tr>");
    }

    private static string Utc(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    private static string Resource(string name)
    {
        using var stream = typeof(ReportPage).Assembly.GetManifestResourceStream("EventRecovery.Job.Reporting.Html." + name)
            ?? throw new InvalidOperationException($"the report's {name} is missing from the program (an embedded resource)");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
