using System.Text;
using System.Text.Json.Nodes;
using EventRecovery.Core.Json;

namespace EventRecovery.Core.Explain;

/// <summary>How <see cref="TraceText"/> writes.</summary>
/// <param name="Width">Longest line; a longer value is cut with a marker saying how much was left out. Null: never cut.</param>
/// <param name="Colour">Colour (ANSI escapes) for a terminal.</param>
public sealed record TextStyle(int? Width = 120, bool Colour = false)
{
    /// <summary>No colour, nothing cut.</summary>
    public static readonly TextStyle Plain = new(null, false);
}

/// <summary>The readable text of a <see cref="RowTrace"/> and a <see cref="DecodedPayload"/>, for people.</summary>
public static class TraceText
{
    /// <summary>The text of one row's trace, ending with a blank line.</summary>
    public static string Write(RowTrace trace, TextStyle style)
    {
        var w = new Writer(style);
        var title = $"{trace.Location ?? "line"}  {trace.BadRowType}";
        w.Line(0, w.Bold(title), trace.Schema is null ? "" : $"  {trace.Schema}");
        if (trace.Unwrapped.Count > 0)
            w.Line(1, w.Dim($"unwrapped from {string.Join(" > ", trace.Unwrapped)}; recoveries so far: {trace.Recoveries}"));
        if (trace.Schema is not null && trace.Flows.Count == 0 && trace.Outcome.Kind != "unrecoverable")
            w.Line(1, w.Dim("no flow is keyed by a schema that matches this row"));
        foreach (var flow in trace.Flows)
        {
            w.Line(
                1,
                "flow ",
                w.Bold(flow.Name),
                "  ",
                flow.Applied ? w.Green("applied") : w.Red("not applied"),
                w.Dim($"  (key {flow.Key})")
            );
            foreach (var c in flow.Conditions)
            {
                var verdict =
                    c.Skipped ? w.Dim(c.Held ? "(not evaluated by recovery: would hold)" : "(not evaluated by recovery: would not hold)")
                    : c.Held ? w.Green("held")
                    : w.Red("did not hold");
                w.Line(2, $"conditions[{c.Index}] Test {c.Path} {c.Matcher}  ", verdict);
                if (c.Error is not null)
                    w.Value(3, "error  ", c.Error);
                else if (c.NotFound is { } nf)
                    w.Value(3, "found  nothing: ", $"{nf.At} {nf.Why}");
                else
                    foreach (var v in c.Found)
                        w.Value(3, "found  ", Json(v));
            }
            foreach (var s in flow.Steps)
            {
                w.Line(
                    2,
                    $"steps[{s.Index}] {s.Op} {s.Path}",
                    s.Error is not null ? "  " + w.Red("failed")
                        : s.Changed ? ""
                        : "  " + w.Yellow("changed nothing")
                );
                for (var i = 0; i < s.Before.Count; i++)
                {
                    w.Value(3, "before ", Json(s.Before[i]));
                    if (i < s.After.Count)
                        w.Value(3, "after  ", Json(s.After[i]));
                }
                if (s.NotFound is { } nf)
                    w.Value(3, "failed at ", $"{nf.At}: {nf.Why}");
                else if (s.Error is not null)
                    w.Value(3, "error  ", s.Error);
            }
        }
        var o = trace.Outcome;
        var kind = o.Kind switch
        {
            "recovered" => w.Green(o.Kind),
            "failed" => w.Red(o.Kind),
            _ => w.Yellow(o.Kind),
        };
        w.Line(1, "outcome ", w.Bold(kind), o.Flows.Count > 0 ? $"  flows: {string.Join(", ", o.Flows)}" : "");
        if (o.Reason is not null)
            w.Value(2, "reason ", o.Reason);
        foreach (var u in o.Unchanged)
            w.Value(2, "unchanged ", u);
        if (o.Verification is { } verification)
        {
            var verdict = verification.Verdict switch
            {
                "passed" => w.Green("passed"),
                "wouldFail" => w.Red("would fail enrichment"),
                "notVerified" => w.Yellow("NOT VERIFIED"),
                _ => w.Yellow("not checked"),
            };
            w.Line(2, "verified ", verdict, w.Dim($"  (--verify {verification.Mode})"));
            if (verification.Reason is not null)
                w.Value(3, "because ", verification.Reason);
        }
        if (o.Decoded is { } decoded)
        {
            w.Value(2, o.Kind == "recovered" ? "payload " : "refused payload ", o.Payload!);
            WritePayload(w, decoded, 2);
        }
        w.Line(0, "");
        return w.ToString();
    }

    /// <summary>The text of a decoded payload, headed by <paramref name="title"/>, ending with a blank line.</summary>
    public static string Write(DecodedPayload payload, string title, TextStyle style)
    {
        var w = new Writer(style);
        w.Line(0, w.Bold(title));
        WritePayload(w, payload, 1);
        w.Line(0, "");
        return w.ToString();
    }

    private static void WritePayload(Writer w, DecodedPayload p, int indent)
    {
        void Field(string name, string? value)
        {
            if (value is not null)
                w.Value(indent, $"{name, -14}", value);
        }
        Field("schema", p.Schema);
        Field("path", p.Path);
        Field(
            "timestamp",
            p.Time is null ? p.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{p.Timestamp} ({p.Time})"
        );
        Field("collector", p.Collector);
        Field("encoding", p.Encoding);
        Field("ipAddress", p.IpAddress);
        Field("userAgent", p.UserAgent);
        Field("refererUri", p.RefererUri);
        Field("hostname", p.Hostname);
        Field("networkUserId", p.NetworkUserId);
        Field("contentType", p.ContentType);
        if (p.Parameters.Count > 0)
        {
            w.Line(indent, "querystring");
            foreach (var q in p.Parameters)
                w.Value(indent + 1, $"{q.Name} = ", q.Json is not null ? Json(q.Json) : q.Value ?? "(no value)");
        }
        if (p.Headers is { Count: > 0 })
        {
            w.Line(indent, "headers");
            foreach (var h in p.Headers)
                w.Value(indent + 1, "", h);
        }
        if (p.Body is not null)
            w.Value(indent, "body          ", p.BodyJson is not null ? Json(p.BodyJson) : p.Body);
    }

    private static string Json(JsonNode? node) => CompactJson.Serialize(node);

    private sealed class Writer(TextStyle style)
    {
        private readonly StringBuilder _text = new();

        public void Line(int indent, params string[] parts)
        {
            _text.Append(' ', indent * 2);
            foreach (var p in parts)
                _text.Append(p);
            _text.Append('\n');
        }

        /// <summary>A label and a value from the row, cut to the width with a marker.</summary>
        public void Value(int indent, string label, string value)
        {
            value = value.ReplaceLineEndings("⏎");
            var room = style.Width is { } width ? Math.Max(20, width - indent * 2 - label.Length) : int.MaxValue;
            if (value.Length > room)
            {
                var cut = Math.Max(8, room - 22); // room for the marker
                if (char.IsHighSurrogate(value[cut - 1]))
                    cut--;
                value = value[..cut] + Dim($" …[{value.Length - cut} more chars]");
            }
            Line(indent, label, value);
        }

        public string Bold(string s) => Paint("1", s);

        public string Dim(string s) => Paint("2", s);

        public string Red(string s) => Paint("31", s);

        public string Green(string s) => Paint("32", s);

        public string Yellow(string s) => Paint("33", s);

        private string Paint(string code, string s) => style.Colour ? $"\u001b[{code}m{s}\u001b[0m" : s;

        public override string ToString() => _text.ToString();
    }
}
