using System.Globalization;
using System.Text;
using System.Text.Json;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Thrift;

namespace EventRecovery.Bench.Corpus;

/// <summary>Rows whose payload is a collector payload (JSON or Thrift), and the wrappers around other rows.</summary>
internal sealed partial class RowWriter
{
    private const string LegacyApp = "acme-android-legacy";

    /// <summary>A mobile tracker's GET with the app id of an old build (adapter_failures).</summary>
    private void AdapterAppId(Utf8JsonWriter w, Ev ev)
    {
        ev.UserAgent = rng.Pick(Pools.AppUserAgents);
        var cx = JsonText.Base64(x =>
        {
            x.WriteStartObject();
            x.WriteString("schema", Contexts);
            x.WriteStartArray("data");
            x.WriteStartObject();
            x.WriteString("schema", "iglu:com.snowplowanalytics.snowplow/client_session/jsonschema/1-0-2");
            x.WriteStartObject("data");
            x.WriteString("userId", ev.DomainUserId);
            x.WriteString("sessionId", ev.SessionId);
            x.WriteNumber("sessionIndex", ev.Visit);
            x.WriteString("previousSessionId", rng.Uuid());
            x.WriteString("storageMechanism", "SQLITE");
            x.WriteString("firstEventId", rng.Uuid());
            x.WriteEndObject();
            x.WriteEndObject();
            x.WriteStartObject();
            x.WriteString("schema", "iglu:com.snowplowanalytics.snowplow/mobile_context/jsonschema/1-0-3");
            x.WriteStartObject("data");
            x.WriteString("osType", "android");
            x.WriteString("osVersion", rng.Pick(new[] { "13", "14", "12" }));
            x.WriteString("deviceManufacturer", rng.Pick(new[] { "Google", "samsung", "Xiaomi" }));
            x.WriteString("deviceModel", rng.Pick(new[] { "Pixel 8", "SM-S911B", "M2101K6G" }));
            x.WriteString("networkType", rng.Pick(new[] { "wifi", "mobile" }));
            x.WriteEndObject();
            x.WriteEndObject();
            x.WriteEndArray();
            x.WriteEndObject();
        });
        var uePr = Unstruct("iglu:com.snowplowanalytics.mobile/screen_view/jsonschema/1-0-0", d =>
        {
            d.WriteStartObject();
            d.WriteString("name", rng.Pick(new[] { "home", "product", "basket", "checkout", "account" }));
            d.WriteString("id", rng.Uuid());
            d.WriteEndObject();
        });
        var qs = new List<(string, string?)>
        {
            ("e", "ue"),
            ("ue_pr", uePr),
            ("eid", ev.EventId),
            ("tv", rng.Pick(Pools.MobileTrackers)),
            ("tna", LegacyApp),
            ("aid", LegacyApp),
            ("p", "mob"),
            ("res", rng.Pick(Pools.Resolutions)),
            ("lang", rng.Pick(Pools.Languages)),
            ("dtm", Ms(ev.Created)),
            ("uid", rng.Chance(0.3) ? $"u-{rng.Next(100000, 999999)}" : ""),
            ("cx", cx),
            ("stm", Ms(ev.Collected - rng.Next(1, 30))),
        };
        w.WriteStartObject();
        w.WriteString("schema", BadRows + "adapter_failures/jsonschema/1-0-0");
        w.WriteStartObject("data");
        Processor(w);
        AdapterFailure(w, ev, "com.snowplowanalytics.snowplow", "tp1", "aid", LegacyApp, "app id must be registered");
        CollectorJson(w, ev, "com.snowplowanalytics.snowplow", "tp1", qs, null, null);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>A Segment webhook POST whose event type the adapter does not know ("Track", not "track").</summary>
    private void AdapterSegment(Utf8JsonWriter w, Ev ev)
    {
        ev.UserAgent = "analytics-node-next/latest";
        var products = rng.Next(1, 5);
        var body = JsonText.Of(b =>
        {
            b.WriteStartObject();
            b.WriteString("type", "Track");
            b.WriteString("event", rng.Pick(Pools.SegmentEvents));
            b.WriteString("userId", $"u-{rng.Next(100000, 999999)}");
            b.WriteString("anonymousId", rng.Uuid());
            b.WriteString("messageId", $"api-{rng.Hex(27)}");
            b.WriteString("timestamp", Iso(ev.Created));
            b.WriteStartObject("properties");
            b.WriteString("orderId", $"O-{rng.Next(1000000, 9999999)}");
            b.WriteString("currency", rng.Pick(Pools.Currencies));
            b.WriteStartArray("products");
            var total = 0.0;
            for (var i = 0; i < products; i++)
            {
                var price = Math.Round(rng.Next(300, 25000) / 100.0, 2);
                total += price;
                b.WriteStartObject();
                b.WriteString("product_id", rng.Hex(12));
                b.WriteString("name", rng.Pick(Pools.Products));
                b.WriteNumber("price", price);
                b.WriteNumber("quantity", rng.Next(1, 4));
                b.WriteEndObject();
            }
            b.WriteEndArray();
            b.WriteNumber("revenue", Math.Round(total, 2));
            b.WriteEndObject();
            b.WriteStartObject("context");
            b.WriteString("ip", ev.Ip);
            b.WriteStartObject("library");
            b.WriteString("name", "analytics-node");
            b.WriteString("version", "2.1.0");
            b.WriteEndObject();
            b.WriteEndObject();
            b.WriteEndObject();
        });
        w.WriteStartObject();
        w.WriteString("schema", BadRows + "adapter_failures/jsonschema/1-0-0");
        w.WriteStartObject("data");
        Processor(w);
        AdapterFailure(w, ev, "com.segment", "v1", "type", "Track", "no schema associated with the provided type parameter");
        CollectorJson(w, ev, "com.segment", "v1", [], "application/json; charset=UTF-8", body);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>A tracker GET whose <c>co</c> contexts (JSON text) hold a count as a string.</summary>
    private void TrackerProtocolViolation(Utf8JsonWriter w, Ev ev)
    {
        var co = JsonText.Of(x =>
        {
            x.WriteStartObject();
            x.WriteString("schema", Contexts);
            x.WriteStartArray("data");
            WebPage(x);
            x.WriteStartObject();
            x.WriteString("schema", "iglu:com.acme/basket/jsonschema/1-0-0");
            x.WriteStartObject("data");
            x.WriteString("items", rng.Next(1, 12).ToString(CultureInfo.InvariantCulture));
            x.WriteNumber("value", Math.Round(rng.Next(500, 90000) / 100.0, 2));
            x.WriteString("currency", rng.Pick(Pools.Currencies));
            x.WriteEndObject();
            x.WriteEndObject();
            x.WriteEndArray();
            x.WriteEndObject();
        });
        var qs = WebParameters(ev, "pv", null, null, co);
        w.WriteStartObject();
        w.WriteString("schema", BadRows + "tracker_protocol_violations/jsonschema/1-0-0");
        w.WriteStartObject("data");
        Processor(w);
        AdapterFailure(
            w,
            ev,
            "com.snowplowanalytics.snowplow",
            "tp1",
            "co",
            null,
            "contexts must validate against their schemas: $.items: string found, integer expected"
        );
        CollectorJson(w, ev, "com.snowplowanalytics.snowplow", "tp1", qs, null, null);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void AdapterFailure(Utf8JsonWriter w, Ev ev, string vendor, string version, string field, string? value, string expectation)
    {
        w.WriteStartObject("failure");
        w.WriteString("timestamp", Iso(ev.Collected + rng.Next(300, 2000)));
        w.WriteString("vendor", vendor);
        w.WriteString("version", version);
        w.WriteStartArray("messages");
        w.WriteStartObject();
        w.WriteString("field", field);
        JsonText.StringOrNull(w, "value", value);
        w.WriteString("expectation", expectation);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The JSON collector payload of adapter_failures and tracker_protocol_violations rows.</summary>
    private void CollectorJson(
        Utf8JsonWriter w,
        Ev ev,
        string vendor,
        string version,
        List<(string, string?)> querystring,
        string? contentType,
        string? body
    )
    {
        w.WriteStartObject("payload");
        w.WriteString("vendor", vendor);
        w.WriteString("version", version);
        JsonText.NameValues(w, "querystring", querystring);
        JsonText.StringOrNull(w, "contentType", contentType);
        JsonText.StringOrNull(w, "body", body);
        w.WriteString("collector", ev.Collector);
        w.WriteString("encoding", "UTF-8");
        w.WriteString("hostname", ev.Host);
        w.WriteString("timestamp", Iso(ev.Collected));
        w.WriteString("ipAddress", ev.Ip);
        w.WriteString("useragent", ev.UserAgent);
        JsonText.StringOrNull(w, "refererUri", body is null ? ev.Url : null);
        JsonText.Strings(w, "headers", Headers(ev, contentType));
        w.WriteString("networkUserId", ev.NetworkUserId);
        w.WriteEndObject();
    }

    /// <summary>
    /// collector_payload_format_violation. <paramref name="base64Text"/>: the collector wrote the Thrift as base64
    /// text, so the row holds base64 of base64 and Enrich said "Unrecognized type 67" (the 'C' of "CwBk…").
    /// Otherwise the querystring holds characters a URI may not (a raw JSON label, spaces).
    /// </summary>
    private void FormatViolation(Utf8JsonWriter w, Ev ev, bool base64Text)
    {
        string querystring,
            error;
        if (base64Text)
        {
            var cx = Convert.ToBase64String(Encoding.UTF8.GetBytes(ContextsJson(ev, null)));
            querystring = Querystring.Build(WebParameters(ev, "pv", null, cx).Select(p => new NameValue(p.Item1, p.Item2)).ToList());
            error = "error deserializing raw event: Unrecognized type 67";
        }
        else
        {
            var label = $"{{\"title\":\"{rng.Pick(Pools.Products)}\",\"position\":{rng.Next(1, 40)}}}";
            querystring =
                $"e=se&se_ca=video&se_ac=play&se_la={label}&se_va={rng.Next(1, 600)}&eid={ev.EventId}&tv={ev.Tracker}"
                + $"&aid=acme-tv&p=tv&dtm={Ms(ev.Created)}&duid={ev.DomainUserId}&vid={ev.Visit}&sid={ev.SessionId}&stm={Ms(ev.Collected)}";
            error = $"Illegal character in query at index {querystring.IndexOf('{') + 3}: /i?{Abbreviate(querystring)}";
        }
        var thrift = CollectorPayloadThrift.Encode(
            new CollectorPayload
            {
                IpAddress = ev.Ip,
                Timestamp = ev.Collected,
                Encoding = "UTF-8",
                Collector = ev.Collector,
                UserAgent = ev.UserAgent,
                RefererUri = base64Text ? ev.Url : null,
                Path = "/i",
                Querystring = querystring,
                Headers = Headers(ev),
                Hostname = ev.Host,
                NetworkUserId = ev.NetworkUserId,
            }
        );
        var payload = Convert.ToBase64String(thrift);
        if (base64Text)
            payload = Convert.ToBase64String(Encoding.ASCII.GetBytes(payload));

        w.WriteStartObject();
        w.WriteString("schema", BadRows + "collector_payload_format_violation/jsonschema/1-0-0");
        w.WriteStartObject("data");
        Processor(w);
        w.WriteStartObject("failure");
        w.WriteString("timestamp", Iso(ev.Collected + rng.Next(300, 2000)));
        w.WriteString("loader", "thrift");
        w.WriteStartObject("message");
        w.WriteString("error", error);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("payload", payload);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string Abbreviate(string s) => s.Length <= 60 ? s : s[..60] + "...";

    /// <summary>A row that an earlier recovery run could not recover, wrapping the original bad row.</summary>
    private void RecoveryError(Utf8JsonWriter w, Action<Utf8JsonWriter> inner, string innerType)
    {
        var recoveries = rng.Next(1, 4);
        w.WriteStartObject();
        w.WriteString("schema", BadRows + "recovery_error/jsonschema/1-0-0");
        w.WriteStartObject("data");
        Processor(w, "snowplow-event-recovery");
        w.WriteStartObject("failure");
        w.WriteString(
            "error",
            $"no configuration for iglu:com.snowplowanalytics.snowplow.badrows/{innerType}/jsonschema/{(innerType == "schema_violations" ? "2-0-0" : "1-0-0")}"
        );
        w.WriteNull("configName");
        w.WriteEndObject();
        w.WritePropertyName("payload");
        inner(w);
        w.WriteNumber("recoveries", recoveries);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>An event too large for the collector's sink: unrecoverable, the payload truncated.</summary>
    private void SizeViolation(Utf8JsonWriter w, Ev ev)
    {
        var actual = rng.Next(1_000_001, 3_000_000);
        var cx = Convert.ToBase64String(Encoding.UTF8.GetBytes(ContextsJson(ev, null)));
        var raw =
            $"e=pv&url={Uri.EscapeDataString(ev.Url)}&page={Uri.EscapeDataString(ev.Page)}&eid={ev.EventId}&aid={ev.AppId}&p=web&cx={cx}";
        w.WriteStartObject();
        w.WriteString("schema", BadRows + "size_violation/jsonschema/1-0-0");
        w.WriteStartObject("data");
        w.WriteStartObject("processor");
        w.WriteString("artifact", "snowplow-stream-collector");
        w.WriteString("version", "3.2.0");
        w.WriteEndObject();
        w.WriteStartObject("failure");
        w.WriteString("timestamp", Iso(ev.Collected));
        w.WriteNumber("maximumAllowedSizeBytes", 1_000_000);
        w.WriteNumber("actualSizeBytes", actual);
        w.WriteString("expectation", "oversized collector payload: GET requests cannot be split");
        w.WriteEndObject();
        w.WriteStartObject("payload");
        w.WriteString("event", raw.Length > 1500 ? raw[..1500] : raw);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
