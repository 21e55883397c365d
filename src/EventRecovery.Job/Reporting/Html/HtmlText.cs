using System.Globalization;
using System.Net;

namespace EventRecovery.Job.Reporting.Html;

/// <summary>Text made safe for HTML and SVG, and figures as the report shows them (invariant culture).</summary>
internal static class HtmlText
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>Text or attribute value with &lt; &gt; &amp; and both quotes encoded.</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A count with thousands separators: 1,234,567.</summary>
    public static string Count(long n) => n.ToString("N0", Ci);

    /// <summary>A rate or size with at most <paramref name="decimals"/> decimals and thousands separators.</summary>
    public static string Number(double n, int decimals = 1) => n.ToString(decimals == 0 ? "N0" : "#,0." + new string('#', decimals), Ci);

    /// <summary>A number for an attribute or SVG coordinate: invariant, no separators.</summary>
    public static string Raw(double n) => Math.Round(n, 2).ToString(Ci);

    /// <summary>A count for an attribute: invariant, no separators.</summary>
    public static string Raw(long n) => n.ToString(Ci);

    /// <summary>Bytes in decimal units: "9.24 kB", "1.5 GB".</summary>
    public static string Bytes(long bytes) =>
        bytes switch
        {
            < 1_000 => $"{Count(bytes)} B",
            < 1_000_000 => $"{Number(bytes / 1e3, 2)} kB",
            < 1_000_000_000 => $"{Number(bytes / 1e6, 2)} MB",
            < 1_000_000_000_000 => $"{Number(bytes / 1e9, 2)} GB",
            _ => $"{Number(bytes / 1e12, 2)} TB",
        };

    /// <summary>A duration: "0.83 s", "4 min 05 s", "2 h 03 min".</summary>
    public static string Duration(double seconds)
    {
        if (seconds < 60)
            return $"{Number(seconds, 2)} s";
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        if (t.TotalHours < 1)
            return string.Create(Ci, $"{t.Minutes} min {t.Seconds:00} s");
        return string.Create(Ci, $"{(int)t.TotalHours} h {t.Minutes:00} min");
    }

    /// <summary>A share of a whole as a percentage with one decimal: "75.0%"; empty when the whole is 0.</summary>
    public static string Percent(long part, long whole) => whole > 0 ? (100.0 * part / whole).ToString("0.0", Ci) + "%" : "";

    /// <summary>A time on the clock of a run's axis: "0:05", "1:02:03".</summary>
    public static string Clock(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.TotalHours >= 1
            ? string.Create(Ci, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
            : string.Create(Ci, $"{t.Minutes}:{t.Seconds:00}");
    }

    /// <summary>Shortens <paramref name="text"/> to <paramref name="max"/> characters, ending with '…' when cut.</summary>
    public static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
