using System.Text;
using static EventRecovery.Job.Reporting.Html.HtmlText;

namespace EventRecovery.Job.Reporting.Html;

/// <summary>
/// Inline SVG charts, drawn when the page is rendered (no script needed to see them, and they print). Every bar
/// carries its number as text beside it, and <c>data-*</c> attributes naming what it counts, so the figures can be
/// read without judging lengths.
/// </summary>
internal static class SvgCharts
{
    /// <summary>The outcomes a bar chart can show, with their CSS class and label.</summary>
    public static readonly (string Outcome, string Label)[] Outcomes =
    [
        ("recovered", "recovered"),
        ("failed", "failed"),
        ("unrecoverable", "unrecoverable"),
    ];

    // An identifier of the SVG vocabulary, never fetched.
    private const string SvgNamespace = "http://www.w3.org/2000/svg";

    private const int Width = 820,
        LabelWidth = 300,
        BarArea = 400,
        BarHeight = 14,
        BarGap = 3,
        RowGap = 12,
        Top = 6;

    /// <summary>
    /// Horizontal grouped bars: one group per key (bad row type, flow), one bar per outcome in
    /// <paramref name="outcomes"/>. Bars of one chart share one scale.
    /// </summary>
    public static string OutcomeBars(
        string chart,
        string caption,
        IReadOnlyList<KeyValuePair<string, OutcomeCounts>> rows,
        IReadOnlyList<string> outcomes
    )
    {
        static long Of(OutcomeCounts n, string outcome) =>
            outcome switch
            {
                "recovered" => n.Recovered,
                "failed" => n.Failed,
                _ => n.Unrecoverable,
            };
        var max = Math.Max(1, rows.SelectMany(r => outcomes.Select(o => Of(r.Value, o))).DefaultIfEmpty(0).Max());
        var groupHeight = outcomes.Count * (BarHeight + BarGap) - BarGap;
        var height = Top * 2 + rows.Count * (groupHeight + RowGap);
        var sb = new StringBuilder();
        sb.Append($"<svg class=\"chart bars\" data-chart=\"{E(chart)}\" role=\"img\" aria-label=\"{E(caption)}\"")
            .Append($" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" xmlns=\"{SvgNamespace}\">");
        sb.Append($"<title>{E(caption)}</title>");
        var y = Top;
        foreach (var (key, counts) in rows)
        {
            sb.Append($"<g class=\"group\" data-key=\"{E(key)}\">");
            sb.Append($"<text class=\"key\" x=\"{LabelWidth - 8}\" y=\"{y + groupHeight / 2 + 4}\" text-anchor=\"end\">")
                .Append($"<title>{E(key)}</title>{E(Shorten(key, 40))}</text>");
            var by = y;
            foreach (var outcome in outcomes)
            {
                var value = Of(counts, outcome);
                var length = value == 0 ? 0 : Math.Max(1.5, BarArea * (double)value / max);
                sb.Append($"<g class=\"bar {outcome}\" data-outcome=\"{outcome}\" data-value=\"{Raw(value)}\">");
                sb.Append($"<title>{E(key)}: {Count(value)} {outcome}</title>");
                sb.Append($"<rect x=\"{LabelWidth}\" y=\"{by}\" width=\"{Raw(length)}\" height=\"{BarHeight}\" rx=\"2\"></rect>");
                sb.Append($"<text class=\"value\" x=\"{Raw(LabelWidth + length + 6)}\" y=\"{by + BarHeight - 3}\">{Count(value)}</text>");
                sb.Append("</g>");
                by += BarHeight + BarGap;
            }
            sb.Append("</g>");
            y += groupHeight + RowGap;
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>
    /// Lines per second over the run's time, one line per series (a merged report: one per shard), from cumulative
    /// samples: the rate between two samples is the records done between them over the time between them.
    /// </summary>
    public static string Throughput(IReadOnlyList<(string Label, IReadOnlyList<ThroughputSample> Samples)> series)
    {
        const int w = 820,
            h = 270,
            left = 80,
            right = 20,
            top = 28,
            bottom = 36;
        var rates = series.Select(s => (s.Label, Points: Rates(s.Samples))).Where(s => s.Points.Count > 0).ToList();
        var maxT = Math.Max(1e-3, rates.SelectMany(s => s.Points).Select(p => p.End).DefaultIfEmpty(0).Max());
        var maxR = NiceCeiling(rates.SelectMany(s => s.Points).Select(p => p.Rate).DefaultIfEmpty(0).Max());
        double X(double t) => left + (w - left - right) * t / maxT;
        double Y(double r) => top + (h - top - bottom) * (1 - r / maxR);
        var sb = new StringBuilder();
        sb.Append("<svg class=\"chart throughput\" role=\"img\" aria-label=\"lines per second over the run\"")
            .Append($" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" xmlns=\"{SvgNamespace}\">");
        sb.Append("<title>lines per second over the run</title>");
        for (var i = 0; i <= 4; i++)
        {
            var r = maxR * i / 4;
            sb.Append($"<line class=\"grid\" x1=\"{left}\" x2=\"{w - right}\" y1=\"{Raw(Y(r))}\" y2=\"{Raw(Y(r))}\"></line>");
            var label = Number(r, maxR < 40 ? 1 : 0);
            sb.Append($"<text class=\"axis\" x=\"{left - 6}\" y=\"{Raw(Y(r) + 4)}\" text-anchor=\"end\">{label}</text>");
        }
        for (var i = 0; i <= 4; i++)
        {
            var t = maxT * i / 4;
            var label = maxT < 60 ? Number(t, 1) : Clock(t);
            sb.Append($"<text class=\"axis\" x=\"{Raw(X(t))}\" y=\"{h - bottom + 16}\" text-anchor=\"middle\">{label}</text>");
        }
        var unit =
            maxT < 60 ? "seconds"
            : maxT < 3600 ? "m:ss"
            : "h:mm:ss";
        sb.Append($"<text class=\"axis-title\" x=\"{left}\" y=\"{h - 4}\">time since the start ({unit}) →</text>");
        sb.Append($"<text class=\"axis-title\" x=\"4\" y=\"{top - 14}\">lines/s</text>");
        var index = 0;
        foreach (var (label, points) in rates)
        {
            var path = new StringBuilder();
            foreach (var p in points)
                path.Append(path.Length == 0 ? "M" : " L").Append($"{Raw(X(p.Start))} {Raw(Y(p.Rate))} L{Raw(X(p.End))} {Raw(Y(p.Rate))}");
            sb.Append($"<path class=\"series s{index % 8}\" data-series=\"{E(label)}\" d=\"{path}\"><title>{E(label)}</title></path>");
            index++;
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>The rate of each interval between consecutive samples.</summary>
    public static List<(double Start, double End, double Rate)> Rates(IReadOnlyList<ThroughputSample> samples)
    {
        var points = new List<(double, double, double)>();
        for (var i = 1; i < samples.Count; i++)
        {
            var dt = samples[i].Seconds - samples[i - 1].Seconds;
            if (dt <= 0)
                continue;
            points.Add((samples[i - 1].Seconds, samples[i].Seconds, (samples[i].Records - samples[i - 1].Records) / dt));
        }
        return points;
    }

    // 1, 2 or 5 times a power of ten, at least the value: axis ticks at quarters of it read well.
    private static double NiceCeiling(double value)
    {
        if (value <= 0)
            return 1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in (double[])[1, 2, 4, 5, 10])
            if (step * power >= value)
                return step * power;
        return 10 * power;
    }
}
