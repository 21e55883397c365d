using System.Globalization;
using System.Text.Json;

namespace EventRecovery.Bench.Corpus;

/// <summary>Rows whose payload is an enrichment payload (<c>enriched</c> + <c>raw</c>): schema_violations, enrichment_failures.</summary>
internal sealed partial class RowWriter
{
    private enum SvVariant
    {
        ButtonClick,
        CustomerAge,
        CustomerAgeUnknown,
        FormIdLength,
        IgluWebhook,
        Sendgrid,
        Newsletter,
    }

    private void SchemaViolation(Utf8JsonWriter w, Ev ev, SvVariant variant)
    {
        string vendor = "com.snowplowanalytics.snowplow",
            version = "tp2",
            platform = "web",
            e = "ue";
        string? uePr = null,
            cx = null,
            contexts = null,
            contentType = null,
            schemaKey;
        List<(string, string?)> parameters;
        Action<Utf8JsonWriter> error;
        switch (variant)
        {
            case SvVariant.ButtonClick:
            case SvVariant.Newsletter:
            {
                schemaKey =
                    variant == SvVariant.ButtonClick
                        ? "iglu:com.acme/button_click/jsonschema/1-0-0"
                        : "iglu:com.acme/newsletter_signup/jsonschema/1-0-0";
                uePr = variant == SvVariant.ButtonClick ? Unstruct(schemaKey, d =>
                        {
                            d.WriteStartObject();
                            d.WriteString("label", rng.Pick(Pools.Buttons));
                            d.WriteNumber("position", rng.Next(1, 12));
                            d.WriteString("section", rng.Pick(Pools.Sections));
                            d.WriteEndObject();
                        }) : Unstruct(schemaKey, d =>
                        {
                            d.WriteStartObject();
                            d.WriteString("list", rng.Pick(Pools.NewsletterLists));
                            d.WriteString("source", "footer");
                            d.WriteEndObject();
                        });
                contexts = ContextsJson(ev, null);
                cx = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(contexts));
                parameters = WebParameters(ev, e, uePr, cx);
                error = ResolutionError;
                break;
            }
            case SvVariant.CustomerAge:
            case SvVariant.CustomerAgeUnknown:
            {
                e = "pv";
                schemaKey = "iglu:com.acme/customer/jsonschema/1-0-0";
                var age = variant == SvVariant.CustomerAge ? rng.Next(18, 90).ToString(CultureInfo.InvariantCulture) : "unknown";
                contexts = ContextsJson(ev, age);
                cx = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(contexts));
                parameters = WebParameters(ev, e, null, cx);
                error = x => ValidationError(x, "$.age", "type", $"$.age: string found, integer expected", ["string", "integer"]);
                break;
            }
            case SvVariant.FormIdLength:
            {
                schemaKey = "iglu:com.acme/form_submit/jsonschema/1-0-0";
                var formId = "checkout-" + string.Join("-", Enumerable.Range(0, rng.Next(8, 20)).Select(_ => rng.Hex(8)));
                uePr = Unstruct(schemaKey, d =>
                {
                    d.WriteStartObject();
                    d.WriteString("formId", formId);
                    d.WriteStartArray("elements");
                    foreach (var name in new[] { "email", "postcode", "country" })
                    {
                        d.WriteStartObject();
                        d.WriteString("name", name);
                        d.WriteString("nodeName", "INPUT");
                        d.WriteString("type", name == "email" ? "email" : "text");
                        d.WriteEndObject();
                    }
                    d.WriteEndArray();
                    d.WriteEndObject();
                });
                contexts = ContextsJson(ev, null);
                cx = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(contexts));
                parameters = WebParameters(ev, e, uePr, cx);
                error = x => ValidationError(x, "$.formId", "maxLength", "$.formId: may only be 64 characters long", ["64"]);
                break;
            }
            case SvVariant.IgluWebhook:
            {
                vendor = "com.snowplowanalytics.iglu";
                version = "v1";
                platform = "app";
                contentType = "application/json";
                ev.Tracker = "com.snowplowanalytics.iglu-v1";
                schemaKey = rng.Pick(Pools.WebhookSchemas);
                uePr = Unstruct(schemaKey, d =>
                {
                    d.WriteStartObject();
                    d.WriteString("reference", $"R-{rng.Next(100000, 999999)}");
                    d.WriteString("status", rng.Pick(new[] { "dispatched", "delivered", "delayed" }));
                    d.WriteNumber("items", rng.Next(1, 9));
                    d.WriteString("updatedAt", Iso(ev.Created));
                    d.WriteEndObject();
                });
                parameters = [("e", "ue"), ("tv", ev.Tracker), ("p", "app"), ("aid", "acme-logistics"), ("ue_pr", uePr)];
                error = ResolutionError;
                break;
            }
            case SvVariant.Sendgrid:
            {
                vendor = "com.sendgrid";
                version = "v3";
                platform = "srv";
                contentType = "application/json";
                ev.Tracker = "com.sendgrid-v3";
                ev.UserAgent = "SendGrid Event API";
                var kind = rng.Pick(Pools.SendgridEvents);
                schemaKey = $"iglu:com.sendgrid/{kind}/jsonschema/3-0-0";
                uePr = Unstruct(schemaKey, d =>
                {
                    d.WriteStartObject();
                    d.WriteNumber("timestamp", ev.Created / 1000);
                    d.WriteString("email", $"user{rng.Next(1, 999999)}@mail.example");
                    d.WriteString("ip", $"{rng.Ipv4()}, 10.{rng.Next(256)}.{rng.Next(256)}.{rng.Next(1, 255)}");
                    d.WriteString("sg_event_id", rng.Hex(22));
                    d.WriteString("sg_message_id", $"{rng.Hex(22)}.filter{rng.Next(1, 9)}-{rng.Next(1000, 9999)}");
                    d.WriteString("useragent", ev.UserAgent);
                    d.WriteStartArray("category");
                    d.WriteStringValue("spring-campaign");
                    d.WriteEndArray();
                    d.WriteEndObject();
                });
                parameters = [("tv", ev.Tracker), ("e", "ue"), ("p", "srv"), ("ue_pr", uePr)];
                error = x => ValidationError(x, "$.ip", "format", "$.ip: does not match the ipv4 format", ["ipv4"]);
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(variant));
        }

        w.WriteStartObject();
        w.WriteString("schema", BadRows + "schema_violations/jsonschema/2-0-0");
        w.WriteStartObject("data");
        Processor(w);
        w.WriteStartObject("failure");
        w.WriteString("timestamp", Iso(ev.Collected + rng.Next(300, 2000)));
        w.WriteStartArray("messages");
        w.WriteStartObject();
        w.WriteString("schemaKey", schemaKey);
        w.WritePropertyName("error");
        error(w);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("payload");
        w.WritePropertyName("enriched");
        Enriched(w, ev, platform, e == "pv" ? "page_view" : "unstruct", contexts, uePr);
        Raw(w, ev, vendor, version, parameters, contentType);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void EnrichmentFailure(Utf8JsonWriter w, Ev ev)
    {
        ev.Url = ev.Url.Replace("https://", "http://", StringComparison.Ordinal);
        var contexts = ContextsJson(ev, null);
        var cx = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(contexts));
        var parameters = WebParameters(ev, "pv", null, cx);
        w.WriteStartObject();
        w.WriteString("schema", BadRows + "enrichment_failures/jsonschema/1-0-0");
        w.WriteStartObject("data");
        Processor(w);
        w.WriteStartObject("failure");
        w.WriteString("timestamp", Iso(ev.Collected + rng.Next(300, 2000)));
        w.WriteStartArray("messages");
        w.WriteStartObject();
        w.WriteStartObject("enrichment");
        w.WriteString("schemaKey", "iglu:com.snowplowanalytics.snowplow.enrichments/api_request_enrichment_config/jsonschema/1-0-0");
        w.WriteString("identifier", "api-request");
        w.WriteEndObject();
        w.WriteStartObject("message");
        w.WriteString(
            "error",
            $"Error accessing POJO input field [user]: [java.lang.NoSuchMethodException: com.snowplowanalytics.snowplow.enrich.common.outputs.EnrichedEvent.user_id-{rng.Hex(4)}()]"
        );
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("payload");
        w.WritePropertyName("enriched");
        Enriched(w, ev, "web", "page_view", contexts, null);
        Raw(w, ev, "com.snowplowanalytics.snowplow", "tp2", parameters, null);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void ResolutionError(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("error", "ResolutionError");
        w.WriteStartArray("lookupHistory");
        foreach (var repository in new[] { "Iglu Central", "Iglu Central - Mirror 01", "Acme Iglu Server" })
        {
            w.WriteStartObject();
            w.WriteString("repository", repository);
            w.WriteStartArray("errors");
            w.WriteStartObject();
            w.WriteString("error", "NotFound");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteNumber("attempts", rng.Next(1, 6));
            w.WriteString("lastAttempt", Iso(_clock - rng.Next(0, 600000)));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void ValidationError(Utf8JsonWriter w, string path, string keyword, string message, string[] targets)
    {
        w.WriteStartObject();
        w.WriteString("error", "ValidationError");
        w.WriteStartArray("dataReports");
        w.WriteStartObject();
        w.WriteString("message", message);
        w.WriteString("path", path);
        w.WriteString("keyword", keyword);
        JsonText.Strings(w, "targets", targets);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The <c>raw</c> part of an enrichment payload.</summary>
    private void Raw(Utf8JsonWriter w, Ev ev, string vendor, string version, List<(string, string?)> parameters, string? contentType)
    {
        w.WriteStartObject("raw");
        w.WriteString("vendor", vendor);
        w.WriteString("version", version);
        JsonText.NameValues(w, "parameters", parameters);
        JsonText.StringOrNull(w, "contentType", contentType);
        w.WriteString("loaderName", ev.Collector);
        w.WriteString("encoding", "UTF-8");
        w.WriteString("hostname", ev.Host);
        w.WriteString("timestamp", Iso(ev.Collected));
        w.WriteString("ipAddress", ev.Ip);
        w.WriteString("useragent", ev.UserAgent);
        JsonText.StringOrNull(w, "refererUri", vendor == "com.snowplowanalytics.snowplow" ? ev.Url : null);
        JsonText.Strings(w, "headers", Headers(ev, contentType));
        w.WriteString("userId", ev.NetworkUserId);
        w.WriteEndObject();
    }

    /// <summary>
    /// The enriched event as Enrich had it when it failed: the atomic fields (most null), with contexts and
    /// unstruct_event as JSON text.
    /// </summary>
    private void Enriched(Utf8JsonWriter w, Ev ev, string platform, string eventName, string? contexts, string? unstruct)
    {
        var uri = new Uri(ev.Url);
        var web = platform == "web";
        w.WriteStartObject();
        w.WriteString("app_id", ev.AppId);
        w.WriteString("platform", platform);
        w.WriteString("etl_tstamp", Tsv(ev.Collected + rng.Next(200, 900)));
        w.WriteString("collector_tstamp", Tsv(ev.Collected));
        w.WriteString("dvce_created_tstamp", Tsv(ev.Created));
        w.WriteString("event", eventName);
        w.WriteString("event_id", ev.EventId);
        w.WriteNull("txn_id");
        JsonText.StringOrNull(w, "name_tracker", web ? "sp1" : null);
        w.WriteString("v_tracker", ev.Tracker);
        w.WriteString("v_collector", ev.Collector);
        w.WriteString("v_etl", "snowplow-enrich-kinesis-5.1.0");
        w.WriteNull("user_id");
        w.WriteString("user_ipaddress", ev.Ip);
        w.WriteNull("user_fingerprint");
        JsonText.StringOrNull(w, "domain_userid", web ? ev.DomainUserId : null);
        if (web)
            w.WriteNumber("domain_sessionidx", ev.Visit);
        else
            w.WriteNull("domain_sessionidx");
        w.WriteString("network_userid", ev.NetworkUserId);
        foreach (
            var f in new[]
            {
                "geo_country",
                "geo_region",
                "geo_city",
                "geo_zipcode",
                "geo_latitude",
                "geo_longitude",
                "geo_region_name",
                "ip_isp",
                "ip_organization",
                "ip_domain",
                "ip_netspeed",
            }
        )
            w.WriteNull(f);
        if (web)
        {
            w.WriteString("page_url", ev.Url);
            w.WriteString("page_title", ev.Page);
            w.WriteNull("page_referrer");
            w.WriteString("page_urlscheme", uri.Scheme);
            w.WriteString("page_urlhost", uri.Host);
            w.WriteNumber("page_urlport", uri.Port);
            w.WriteString("page_urlpath", uri.AbsolutePath);
            JsonText.StringOrNull(w, "page_urlquery", uri.Query.Length > 1 ? uri.Query[1..] : null);
            w.WriteNull("page_urlfragment");
        }
        else
        {
            foreach (
                var f in new[]
                {
                    "page_url",
                    "page_title",
                    "page_referrer",
                    "page_urlscheme",
                    "page_urlhost",
                    "page_urlport",
                    "page_urlpath",
                    "page_urlquery",
                    "page_urlfragment",
                }
            )
                w.WriteNull(f);
        }
        foreach (
            var f in new[]
            {
                "refr_urlscheme",
                "refr_urlhost",
                "refr_urlport",
                "refr_urlpath",
                "refr_urlquery",
                "refr_urlfragment",
                "refr_medium",
                "refr_source",
                "refr_term",
                "mkt_medium",
                "mkt_source",
                "mkt_term",
                "mkt_content",
                "mkt_campaign",
            }
        )
            w.WriteNull(f);
        JsonText.StringOrNull(w, "contexts", contexts);
        foreach (var f in new[] { "se_category", "se_action", "se_label", "se_property", "se_value" })
            w.WriteNull(f);
        JsonText.StringOrNull(w, "unstruct_event", unstruct);
        foreach (
            var f in new[]
            {
                "tr_orderid",
                "tr_affiliation",
                "tr_total",
                "tr_tax",
                "tr_shipping",
                "tr_city",
                "tr_state",
                "tr_country",
                "ti_orderid",
                "ti_sku",
                "ti_name",
                "ti_category",
                "ti_price",
                "ti_quantity",
                "pp_xoffset_min",
                "pp_xoffset_max",
                "pp_yoffset_min",
                "pp_yoffset_max",
            }
        )
            w.WriteNull(f);
        w.WriteString("useragent", ev.UserAgent);
        foreach (var f in new[] { "br_name", "br_family", "br_version", "br_type", "br_renderengine" })
            w.WriteNull(f);
        JsonText.StringOrNull(w, "br_lang", web ? rng.Pick(Pools.Languages) : null);
        foreach (
            var f in new[]
            {
                "br_features_pdf",
                "br_features_flash",
                "br_features_java",
                "br_features_director",
                "br_features_quicktime",
                "br_features_realplayer",
                "br_features_windowsmedia",
                "br_features_gears",
                "br_features_silverlight",
            }
        )
            w.WriteNull(f);
        if (web)
            w.WriteNumber("br_cookies", 1);
        else
            w.WriteNull("br_cookies");
        if (web)
            w.WriteNumber("br_colordepth", 24);
        else
            w.WriteNull("br_colordepth");
        if (web)
            w.WriteNumber("br_viewwidth", rng.Next(360, 1920));
        else
            w.WriteNull("br_viewwidth");
        if (web)
            w.WriteNumber("br_viewheight", rng.Next(600, 1080));
        else
            w.WriteNull("br_viewheight");
        foreach (var f in new[] { "os_name", "os_family", "os_manufacturer" })
            w.WriteNull(f);
        JsonText.StringOrNull(w, "os_timezone", web ? rng.Pick(Pools.TimeZones) : null);
        foreach (var f in new[] { "dvce_type", "dvce_ismobile" })
            w.WriteNull(f);
        if (web)
            w.WriteNumber("dvce_screenwidth", 1920);
        else
            w.WriteNull("dvce_screenwidth");
        if (web)
            w.WriteNumber("dvce_screenheight", 1080);
        else
            w.WriteNull("dvce_screenheight");
        JsonText.StringOrNull(w, "doc_charset", web ? "UTF-8" : null);
        if (web)
            w.WriteNumber("doc_width", rng.Next(360, 1920));
        else
            w.WriteNull("doc_width");
        if (web)
            w.WriteNumber("doc_height", rng.Next(600, 12000));
        else
            w.WriteNull("doc_height");
        foreach (
            var f in new[]
            {
                "tr_currency",
                "tr_total_base",
                "tr_tax_base",
                "tr_shipping_base",
                "ti_currency",
                "ti_price_base",
                "base_currency",
                "geo_timezone",
                "mkt_clickid",
                "mkt_network",
                "etl_tags",
            }
        )
            w.WriteNull(f);
        w.WriteString("dvce_sent_tstamp", Tsv(ev.Collected - rng.Next(1, 30)));
        w.WriteNull("refr_domain_userid");
        w.WriteNull("refr_dvce_tstamp");
        w.WriteNull("derived_contexts");
        JsonText.StringOrNull(w, "domain_sessionid", web ? ev.SessionId : null);
        w.WriteString("derived_tstamp", Tsv(ev.Collected - rng.Next(1, 30)));
        w.WriteNull("event_vendor");
        w.WriteNull("event_name");
        w.WriteNull("event_format");
        w.WriteNull("event_version");
        w.WriteString("event_fingerprint", rng.Hex(32));
        w.WriteNull("true_tstamp");
        w.WriteEndObject();
    }
}
