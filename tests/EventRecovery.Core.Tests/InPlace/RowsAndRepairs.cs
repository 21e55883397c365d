using System.Text;
using EventRecovery.Core.Tests.Fixtures;

namespace EventRecovery.Core.Tests.InPlace;

/// <summary>
/// Seeded random bad rows (the four types with a JSON payload) and recovery configs for them, written as text so
/// that they can hold what builders cannot: duplicate keys, escapes in names, odd pair shapes, values of the wrong
/// type. Each seed gives one line and one config; most are ordinary repairs, a fair share are not.
/// </summary>
internal static class RowsAndRepairs
{
    private static readonly string[] Types =
    [
        "adapter_failures",
        "tracker_protocol_violations",
        "schema_violations",
        "enrichment_failures",
    ];

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private const string UePr =
        """{"schema":"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0","data":{"schema":"iglu:com.acme/button_click/jsonschema/1-0-0","data":{"id":"b1","formId":"f-1"}}}""";
    private const string Contexts =
        """{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0","data":[{"schema":"iglu:com.acme/customer/jsonschema/1-0-0","data":{"age":"37"}},{"schema":"iglu:com.acme/basket/jsonschema/1-0-0","data":{"items":"3"}}]}""";

    /// <summary>Parameter values as JSON text (the value of "value").</summary>
    private static readonly Func<Random, string>[] Values =
    [
        _ => "\"pv\"",
        _ => "\"acme-android-legacy\"",
        _ => "\"http://shop.example/cart?x=1&y=\\u00e9 z\"",
        _ => "null",
        _ => "42",
        _ => Json(UePr),
        _ => Json("""{ "data" : {"schema":"iglu:com.acme/x/jsonschema/1-0-0"} }"""),
        _ => Json("""{"schema":"s","data":{"schema":"iglu:com.acme/button_click/jsonschema/1-0-0","data":{"t":"\u00e9\n"}}}"""),
        _ => "\"{not json\"",
        _ => Json(B64(Contexts)),
        _ => Json(B64(Contexts).Replace('+', '-').TrimEnd('=')),
        _ => "\"!!not base64\"",
        _ => Json(Contexts),
        _ => "\"a\\\"quoted\\\\ value\"",
        _ => "\"😀 emoji\"",
    ];

    private static readonly string[] Names = ["e", "aid", "tna", "url", "ue_pr", "ue_px", "cx", "co", "said", "AID", "a😀"];

    private static string Json(string s)
    {
        var sb = new StringBuilder();
        EventRecovery.Core.Json.CompactJson.WriteString(sb, s);
        return sb.ToString();
    }

    private static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

    private static string Pair(Random r)
    {
        var name = Json(Pick(r, Names));
        var value = Pick(r, Values)(r);
        return r.Next(80) switch
        {
            0 => $$"""{"value":{{value}},"name":{{name}}}""",
            1 => $$"""{"name":{{name}},"value":{{value}},"extra":1}""",
            2 => $$"""{"name":{{name}},"name":{{name}},"value":{{value}}}""",
            3 => $$"""{"name":{{name}}}""",
            4 => $$"""{"n\u0061me":{{name}},"value":{{value}}}""",
            5 => $$"""{"name":"\u0061id","value":{{value}}}""",
            _ => $$"""{"name":{{name}},"value":{{value}}}""",
        };
    }

    private static string Parameters(Random r)
    {
        if (r.Next(60) == 0)
            return """{"e":"pv","aid":"acme-android-legacy"}"""; // the object form of a list
        // The parameters the repairs are about, each usually present with a value they can repair, then others.
        var pairs = new List<string> { """{"name":"e","value":"pv"}""" };
        (string Name, string Value)[] usual =
        [
            ("aid", "\"acme-android-legacy\""),
            ("tna", "\"t-legacy\""),
            ("url", "\"http://shop.example/\""),
            ("ue_pr", Json(UePr)),
            ("cx", Json(B64(Contexts))),
            ("co", Json(Contexts)),
        ];
        foreach (var (name, value) in usual)
            if (r.Next(4) != 0)
                pairs.Add($$"""{"name":"{{name}}","value":{{value}}}""");
        for (var i = r.Next(0, 4); i > 0; i--)
            pairs.Add(Pair(r));
        return "[" + string.Join(",", pairs.OrderBy(_ => r.Next())) + "]";
    }

    private static string Maybe(Random r, string field, string value, string? odd = null) =>
        r.Next(80) switch
        {
            0 => "", // missing
            1 => $"\"{field}\":null,",
            2 when odd is not null => $"\"{field}\":{odd},",
            3 => $"\"{field}\":{value},\"{field}\":{value},", // duplicate key
            _ => $"\"{field}\":{value},",
        };

    private static string Headers(Random r) =>
        r.Next(60) switch
        {
            0 => "\"headers\":\"Host: x\",",
            1 => "",
            _ => "\"headers\":[\"Host: collector.example\",\"X-Test: 1\"],",
        };

    private static string CollectorPayload(Random r) =>
        "{"
        + Maybe(r, "vendor", r.Next(4) == 0 ? "\"com.segment\"" : "\"com.snowplowanalytics.snowplow\"", "7")
        + "\"version\":\"tp2\","
        + $"\"querystring\":{Parameters(r)},"
        + Maybe(r, "contentType", "\"application/json\"")
        + Maybe(r, "body", r.Next(2) == 0 ? Json("""{"type":"Track","x":1}""") : "null", "{\"a\":1}")
        + "\"collector\":\"ssc-test\",\"encoding\":\"UTF-8\","
        + Maybe(r, "hostname", "\"collector.example\"")
        + Maybe(r, "timestamp", "\"2023-05-06T07:08:09.123Z\"", "\"yesterday\"")
        + Maybe(r, "ipAddress", "\"192.0.2.7\"")
        + Maybe(r, "useragent", "\"Agent/1.0\"", "[1]")
        + Maybe(r, "refererUri", "\"https://ref.example/\"")
        + Headers(r)
        + $"\"networkUserId\":{(r.Next(15) == 0 ? "\"not-a-uuid\"" : $"\"{BadRowLines.NetworkUserId}\"")}"
        + "}";

    private static string RawEvent(Random r) =>
        "{"
        + Maybe(
            r,
            "vendor",
            Pick(r, new[] { "\"com.snowplowanalytics.snowplow\"", "\"com.sendgrid\"", "\"com.snowplowanalytics.iglu\"" }),
            "7"
        )
        + "\"version\":\"tp2\","
        + $"\"parameters\":{Parameters(r)},"
        + Maybe(r, "contentType", "\"application/json\"")
        + "\"loaderName\":\"ssc-loader\",\"encoding\":\"UTF-8\","
        + Maybe(r, "hostname", "\"collector.example\"")
        + Maybe(r, "timestamp", "\"2022-01-02T03:04:05.678Z\"", "12")
        + Maybe(r, "ipAddress", "\"198.51.100.4\"")
        + Maybe(r, "useragent", "\"RawAgent/2.0\"")
        + Maybe(r, "refererUri", "\"https://raw-ref.example/\"")
        + Headers(r)
        + $"\"userId\":\"{BadRowLines.NetworkUserId}\""
        + "}";

    private static string Payload(Random r, string type) =>
        type is "adapter_failures" or "tracker_protocol_violations"
            ? CollectorPayload(r)
            : $$"""{"enriched":{"app_id":"app-1","event":"struct"},"raw":{{RawEvent(r)}}}""";

    /// <summary>The line drawn from <paramref name="r"/>, and the prefix of its payload's parameter list in paths.</summary>
    public static (string Line, string Type, string List) Row(Random r)
    {
        var type = Pick(r, Types);
        var failure =
            """{"timestamp":"2023-05-06T07:08:10Z","messages":[{"schemaKey":"iglu:com.acme/customer/jsonschema/1-0-0","error":"Track","value":"Track"}]}""";
        var dataFields = $$"""
            "processor":{"artifact":"enrich","version":"1.0.0"},"failure":{{failure}},"payload":{{Payload(r, type)}}
            """;
        if (r.Next(40) == 0)
            dataFields += ",\"payload\":{}"; // a duplicate key in data
        var version = type is "adapter_failures" or "tracker_protocol_violations" ? "1-0-0" : "2-0-0";
        var line = "{\"schema\":\"" + BadRowLines.Schema(type, version) + "\",\"data\":{" + dataFields + "}}";
        if (r.Next(10) == 0)
            line =
                "{\"schema\":\""
                + BadRowLines.Schema("recovery_error", "1-0-0")
                + "\",\"data\":{\"processor\":{\"artifact\":\"event-recovery\",\"version\":\"0.1.0\"},\"failure\":{\"error\":\"earlier\"},\"payload\":"
                + line
                + ",\"recoveries\":1}}";
        var list = type is "adapter_failures" or "tracker_protocol_violations" ? "$.querystring" : "$.raw.parameters";
        return (line, type, list);
    }

    private static readonly string[] Steps =
    [
        """{"op":"Replace","path":"LIST.aid","value":"acme-android"}""",
        """{"op":"Replace","path":"LIST[?(@.name=~aid)].value","value":"acme"}""",
        """{"op":"Remove","path":"LIST.tna","match":"-legacy$"}""",
        """{"op":"Replace","path":"LIST.url","match":"^http://","value":"https://"}""",
        """{"op":"Replace","path":"LIST.ue_pr.data.schema","match":"1-0-0$","value":"1-0-1"}""",
        """{"op":"Replace","path":"LIST.ue_pr.data.data.formId","match":"^(.{2}).*$","value":"$1"}""",
        """{"op":"Remove","path":"LIST[?(@.name=~ue_pr)].value.data.data.id"}""",
        """{"op":"Cast","path":"LIST.cx.data[?(@.schema=~customer)].data.age","from":"String","to":"Numeric"}""",
        """{"op":"Add","path":"LIST.cx.data[0].data","value":{"recovered":true}}""",
        """{"op":"Cast","path":"LIST.co.data[1].data.items","from":"String","to":"Numeric"}""",
        """{"op":"Add","path":"LIST.co.data","value":[{"schema":"iglu:com.acme/r/jsonschema/1-0-0","data":{}}]}""",
        """{"op":"Replace","path":"LIST[?(@.name=~e)].value","match":"p","value":"q"}""",
        """{"op":"Replace","path":"LIST[0].name","value":"renamed"}""",
        """{"op":"Replace","path":"LIST.missing","value":"x"}""",
        """{"op":"Add","path":"LIST.e","value":"-suffix"}""",
        """{"op":"Cast","path":"LIST.e","from":"String","to":"Array"}""",
        """{"op":"Add","path":"LIST","value":[{"name":"added","value":"1"}]}""",
        """{"op":"Replace","path":"PAYLOAD.body","match":"\"type\":\"Track\"","value":"\"type\":\"track\""}""",
        """{"op":"Remove","path":"PAYLOAD.body"}""",
        """{"op":"Replace","path":"PAYLOAD.body[0]","value":"x"}""",
        """{"op":"Replace","path":"PAYLOAD.contentType.charset","value":"x"}""",
        """{"op":"Replace","path":"PAYLOAD.body[?(@.a=~b)]","value":"x"}""",
        """{"op":"Replace","path":"PAYLOAD.vendor","value":"com.acme"}""",
        """{"op":"Replace","path":"PAYLOAD.headers[0]","value":"X: y"}""",
        """{"op":"Replace","path":"PAYLOAD.headers","value":["only"]}""",
        """{"op":"Add","path":"PAYLOAD.useragent","value":" (recovered)"}""",
        """{"op":"Replace","path":"PAYLOAD.ipAddress","value":12}""",
        """{"op":"Replace","path":"PAYLOAD.timestamp","match":"\\.\\d+Z$","value":"Z"}""",
        """{"op":"Replace","path":"LIST.ue_pr","value":"{\"data\":{\"schema\":\"iglu:com.acme/y/jsonschema/1-0-0\",\"data\":{}}}"}""",
        // Steps that often change nothing (UnchangedStep): a value set to what it is, a match not found, an empty Add.
        """{"op":"Replace","path":"LIST.e","value":"pv"}""",
        """{"op":"Cast","path":"LIST.ue_pr.data.schema","from":"String","to":"String"}""",
        """{"op":"Add","path":"LIST.cx.data[0].data","value":{}}""",
        """{"op":"Replace","path":"LIST.co.data[1].data.items","match":"^x","value":"y"}""",
        """{"op":"Add","path":"LIST","value":[]}""",
    ];

    private static readonly string[] Conditions =
    [
        """{"op":"Test","path":"$.payload.LISTNAME[?(@.name=~aid)].value","value":{"value":"acme-android-legacy"}}""",
        """{"op":"Test","path":"$.payload.LISTNAME","value":{"size":{"gt":2}}}""",
        """{"op":"Test","path":"$.payload.LISTNAME.ue_pr.data.schema","value":{"regex":"button"}}""",
        """{"op":"Test","path":"$.payload.LISTNAME.cx.data[0].data.age","value":{"value":"37"}}""",
        """{"op":"Test","path":"$.failure.messages[0].error","value":{"regex":"Track"}}""",
        """{"op":"Test","path":"$.failure.messages[0].schemaKey","value":{"regex":"com\\.acme/customer/"}}""",
        """{"op":"Test","path":"$.payload.PAYLOADNAME.vendor","value":{"value":"com.snowplowanalytics.snowplow"}}""",
        """{"op":"Test","path":"$.payload.PAYLOADNAME.body","value":{"regex":"Track"}}""",
        """{"op":"Test","path":"$.payload.missing","value":{"value":"x"}}""",
        """{"op":"Test","path":"$.processor","value":{"value":{"artifact":"enrich","version":"1.0.0"}}}""",
        """{"op":"Test","path":"$.payload.LISTNAME[?(@.name=~e)].value","value":{"size":{"eq":2}}}""",
    ];

    /// <summary>A config of one to three flows for <paramref name="type"/>, with paths into its payload's layout.</summary>
    public static string Config(Random r, string type, string list)
    {
        var payloadPrefix = list == "$.querystring" ? "$" : "$.raw";
        var listName = list == "$.querystring" ? "querystring" : "raw.parameters";
        var payloadName = list == "$.querystring" ? "" : "raw";
        string Fill(string template) =>
            template
                .Replace("LISTNAME", listName)
                .Replace("LIST", list)
                .Replace("PAYLOADNAME.", payloadName.Length == 0 ? "" : payloadName + ".")
                .Replace("PAYLOAD", payloadPrefix);
        var flows = new List<string>();
        for (var f = 0; f < r.Next(1, 4); f++)
        {
            var steps = Enumerable.Range(0, r.Next(0, 4)).Select(_ => Fill(Pick(r, Steps)));
            var conditions = Enumerable.Range(0, r.Next(0, 3)).Select(_ => Fill(Pick(r, Conditions)));
            flows.Add(Configs.Flow($"flow-{f}", "[" + string.Join(",", steps) + "]", "[" + string.Join(",", conditions) + "]"));
        }
        return Configs.Text(Configs.Key(type), flows.ToArray());
    }
}
