using System.Globalization;
using System.Text.Json;

namespace EventRecovery.Bench.Corpus;

/// <summary>
/// Writes one bad row of a <see cref="RowKind"/> as compact JSON. Every row differs (ids, timestamps, values)
/// and all of it comes from the seeded <see cref="Rng"/>, so a seed always yields the same bytes.
/// </summary>
internal sealed partial class RowWriter(Rng rng)
{
    private const string BadRows = "iglu:com.snowplowanalytics.snowplow.badrows/";
    private const string UnstructEvent = "iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0";
    private const string Contexts = "iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0";

    // The corpus clock: starts on a fixed date and advances a few ms per row, like a day of bad rows.
    private long _clock = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>What varies per event; drawn fresh for each row.</summary>
    private sealed class Ev
    {
        public long Collected;
        public long Created;
        public string EventId = "";
        public string DomainUserId = "";
        public string SessionId = "";
        public string NetworkUserId = "";
        public string Ip = "";
        public string UserAgent = "";
        public string Host = "";
        public string Collector = "";
        public string AppId = "";
        public string Tracker = "";
        public string Url = "";
        public string Page = "";
        public int Visit;
    }

    public void Write(RowKind kind, Utf8JsonWriter w)
    {
        _clock += rng.Next(0, 60);
        var ev = NewEvent();
        switch (kind.Name)
        {
            case "sv-button-click":
                SchemaViolation(w, ev, SvVariant.ButtonClick);
                break;
            case "sv-customer-age":
                SchemaViolation(w, ev, SvVariant.CustomerAge);
                break;
            case "sv-form-id-length":
                SchemaViolation(w, ev, SvVariant.FormIdLength);
                break;
            case "sv-iglu-webhook":
                SchemaViolation(w, ev, SvVariant.IgluWebhook);
                break;
            case "sv-sendgrid":
                SchemaViolation(w, ev, SvVariant.Sendgrid);
                break;
            case "sv-no-flow":
                SchemaViolation(w, ev, SvVariant.Newsletter);
                break;
            case "sv-cast-fails":
                SchemaViolation(w, ev, SvVariant.CustomerAgeUnknown);
                break;
            case "af-app-id":
                AdapterAppId(w, ev);
                break;
            case "af-segment-body":
                AdapterSegment(w, ev);
                break;
            case "ef-api-request":
                EnrichmentFailure(w, ev);
                break;
            case "tpv-co-context":
                TrackerProtocolViolation(w, ev);
                break;
            case "cpfv-querystring":
                FormatViolation(w, ev, base64Text: false);
                break;
            case "cpfv-base64":
                FormatViolation(w, ev, base64Text: true);
                break;
            case "re-adapter":
                RecoveryError(w, inner => AdapterAppId(inner, ev), "adapter_failures");
                break;
            case "re-schema":
                RecoveryError(w, inner => SchemaViolation(inner, ev, SvVariant.ButtonClick), "schema_violations");
                break;
            case "size-violation":
                SizeViolation(w, ev);
                break;
            default:
                throw new ArgumentException($"no writer for {kind.Name}");
        }
    }

    private Ev NewEvent()
    {
        var ev = new Ev
        {
            Collected = _clock,
            Created = _clock - rng.Next(40, 4000),
            EventId = rng.Uuid(),
            DomainUserId = rng.Uuid(),
            SessionId = rng.Uuid(),
            NetworkUserId = rng.Uuid(),
            Ip = rng.Ipv4(),
            UserAgent = rng.Pick(Pools.UserAgents),
            Host = rng.Pick(Pools.Hosts),
            Collector = rng.Pick(Pools.Collectors),
            AppId = rng.Chance(0.7) ? "shop-web" : "acme-media",
            Tracker = rng.Pick(Pools.JsTrackers),
            Visit = rng.Next(1, 40),
        };
        var section = rng.Pick(Pools.Sections);
        var id = rng.Next(10000, 99999);
        ev.Url =
            $"https://shop.acme.example/{section}/{id}"
            + (rng.Chance(0.3) ? $"?utm_source=newsletter&utm_medium=email&utm_campaign=spring-{rng.Next(1, 30)}" : "");
        ev.Page = $"{rng.Pick(Pools.Products)} – Acme Outdoor";
        return ev;
    }

    private static string Iso(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Tsv(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Ms(long ms) => ms.ToString(CultureInfo.InvariantCulture);

    private void Processor(Utf8JsonWriter w, string artifact = "snowplow-enrich-kinesis")
    {
        w.WriteStartObject("processor");
        w.WriteString("artifact", artifact);
        w.WriteString("version", rng.Pick(Pools.EnrichVersions));
        w.WriteEndObject();
    }

    private List<string> Headers(Ev ev, string? contentType = null)
    {
        var headers = new List<string>
        {
            "Timeout-Access: <function1>",
            $"Host: {ev.Host}",
            $"User-Agent: {ev.UserAgent}",
            $"X-Forwarded-For: {ev.Ip}",
            "X-Forwarded-Proto: https",
            "Accept: */*",
            $"Accept-Language: {rng.Pick(Pools.Languages)},en;q=0.8",
        };
        if (contentType is not null)
            headers.Add($"Content-Type: {contentType}");
        if (rng.Chance(0.5))
            headers.Add($"Cookie: sp={ev.NetworkUserId}");
        return headers;
    }

    // ---- contexts and self-describing events (JSON carried in parameters) ----

    private void WebPage(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("schema", "iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0");
        w.WriteStartObject("data");
        w.WriteString("id", rng.Uuid());
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void GaCookies(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("schema", "iglu:com.google.analytics/cookies/jsonschema/1-0-0");
        w.WriteStartObject("data");
        w.WriteString("_ga", $"GA1.2.{rng.Next(100000000, 999999999)}.{1700000000 + rng.Next(10000000)}");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void PerformanceTiming(Utf8JsonWriter w, long start)
    {
        string[] names =
        [
            "navigationStart",
            "unloadEventStart",
            "unloadEventEnd",
            "redirectStart",
            "redirectEnd",
            "fetchStart",
            "domainLookupStart",
            "domainLookupEnd",
            "connectStart",
            "connectEnd",
            "secureConnectionStart",
            "requestStart",
            "responseStart",
            "responseEnd",
            "domLoading",
            "domInteractive",
            "domContentLoadedEventStart",
            "domContentLoadedEventEnd",
            "domComplete",
            "loadEventStart",
            "loadEventEnd",
        ];
        w.WriteStartObject();
        w.WriteString("schema", "iglu:org.w3/PerformanceTiming/jsonschema/1-0-0");
        w.WriteStartObject("data");
        var t = start;
        foreach (var name in names)
        {
            if (name is "redirectStart" or "redirectEnd")
            {
                w.WriteNumber(name, 0);
                continue;
            }
            t += rng.Next(0, 120);
            w.WriteNumber(name, t);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void Customer(Utf8JsonWriter w, string age)
    {
        w.WriteStartObject();
        w.WriteString("schema", "iglu:com.acme/customer/jsonschema/1-0-0");
        w.WriteStartObject("data");
        w.WriteString("id", $"c-{rng.Next(1000, 999999)}");
        w.WriteString("age", age);
        w.WriteString("tier", rng.Pick(Pools.Tiers));
        w.WriteBoolean("newsletter", rng.Chance(0.4));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The contexts envelope; <paramref name="customerAge"/> adds the acme customer context first.</summary>
    private string ContextsJson(Ev ev, string? customerAge)
    {
        var timing = rng.Chance(0.4);
        var ga = rng.Chance(0.6);
        return JsonText.Of(w =>
        {
            w.WriteStartObject();
            w.WriteString("schema", Contexts);
            w.WriteStartArray("data");
            if (customerAge is not null)
                Customer(w, customerAge);
            WebPage(w);
            if (ga)
                GaCookies(w);
            if (timing)
                PerformanceTiming(w, ev.Created - 3000);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>An unstruct_event envelope around a self-describing event.</summary>
    private static string Unstruct(string schema, Action<Utf8JsonWriter> data) =>
        JsonText.Of(w =>
        {
            w.WriteStartObject();
            w.WriteString("schema", UnstructEvent);
            w.WriteStartObject("data");
            w.WriteString("schema", schema);
            w.WritePropertyName("data");
            data(w);
            w.WriteEndObject();
            w.WriteEndObject();
        });

    /// <summary>The parameters a JavaScript tracker sends with an event, in its usual order.</summary>
    private List<(string, string?)> WebParameters(Ev ev, string e, string? uePr, string? cx, string? co = null)
    {
        var list = new List<(string, string?)> { ("e", e) };
        if (uePr is not null)
            list.Add(("ue_pr", uePr));
        list.Add(("eid", ev.EventId));
        list.Add(("tv", ev.Tracker));
        list.Add(("tna", "sp1"));
        list.Add(("aid", ev.AppId));
        list.Add(("p", "web"));
        list.Add(("cookie", "1"));
        list.Add(("cs", "UTF-8"));
        list.Add(("lang", rng.Pick(Pools.Languages)));
        list.Add(("res", rng.Pick(Pools.Resolutions)));
        list.Add(("cd", "24"));
        list.Add(("tz", rng.Pick(Pools.TimeZones)));
        list.Add(("dtm", Ms(ev.Created)));
        list.Add(("vp", rng.Pick(Pools.Viewports)));
        list.Add(("ds", $"{rng.Next(360, 1920)}x{rng.Next(600, 12000)}"));
        list.Add(("vid", ev.Visit.ToString(CultureInfo.InvariantCulture)));
        list.Add(("sid", ev.SessionId));
        list.Add(("duid", ev.DomainUserId));
        list.Add(("url", ev.Url));
        list.Add(("page", ev.Page));
        if (rng.Chance(0.5))
            list.Add(("refr", "https://www.search.example/search?q=" + rng.Pick(Pools.Products).Replace(' ', '+')));
        if (co is not null)
            list.Add(("co", co));
        if (cx is not null)
            list.Add(("cx", cx));
        list.Add(("stm", Ms(ev.Collected - rng.Next(1, 30))));
        return list;
    }
}
