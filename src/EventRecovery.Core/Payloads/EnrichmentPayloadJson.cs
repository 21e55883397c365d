using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Json;
using EventRecovery.Core.Paths;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Payloads;

/// <summary>
/// Rebuilds a collector payload from the enrichment payload of schema_violations and enrichment_failures rows,
/// as the original does: from <c>raw</c> only (querystring from <c>raw.parameters</c>, collector from
/// <c>loaderName</c>; headers, body and content type are not carried), with the webhook special cases.
/// </summary>
public static class EnrichmentPayloadJson
{
    private const string Sendgrid = "com.sendgrid";
    private const string IgluWebhook = "com.snowplowanalytics.iglu";

    /// <summary>The Thrift payload for an enrichment payload (after steps).</summary>
    public static CollectorPayload ToThrift(JsonNode? payload, string where = "payload") =>
        ToThrift(PayloadReader.Of(payload, where), where);

    /// <summary>The Thrift payload from any reader of the payload object (see <see cref="IPayloadFields{TSelf}"/>).</summary>
    internal static CollectorPayload ToThrift<TFields>(TFields payload, string where)
        where TFields : struct, IPayloadFields<TFields>
    {
        var raw = payload.Object("raw");
        var vendor = raw.RequiredString("vendor");
        var version = raw.RequiredString("version");
        var querystring = raw.Querystring("parameters");
        raw.CheckStringList("headers"); // required by the bad row format, even though it is not carried
        var cp = new CollectorPayload
        {
            IpAddressText = raw.OptionalText("ipAddress"),
            Timestamp = raw.Timestamp("timestamp"),
            EncodingText = raw.RequiredText("encoding"),
            CollectorText = raw.RequiredText("loaderName"),
            Path = CollectorPath.Build(vendor, version),
            UserAgentText = raw.OptionalText("useragent"),
            RefererUriText = raw.OptionalText("refererUri"),
            HostnameText = raw.OptionalText("hostname"),
            NetworkUserId = raw.Uuid("userId"),
            QuerystringText = querystring,
        };
        raw.CheckOptionalString("contentType");

        switch (vendor)
        {
            case Sendgrid:
            {
                // Sendgrid posts an array of events, each naming its type in "event".
                var (schema, data) = UnstructEvent(raw.NameValues("parameters"), where);
                var key = SchemaKey.TryParse(schema);
                if (key is null || key.IsPattern)
                    throw new RowFailure(FailureMessages.SendgridSchema(schema));
                var merged = data is JsonObject obj ? (JsonObject)obj.DeepClone() : new JsonObject();
                merged["event"] = key.Name;
                return cp with { Body = "[" + CompactJson.Serialize(merged) + "]", ContentType = "application/json" };
            }
            case IgluWebhook:
            {
                var (schema, data) = UnstructEvent(raw.NameValues("parameters"), where);
                return cp with { Body = CompactJson.Serialize(data), Querystring = "schema=" + schema, ContentType = "application/json" };
            }
            default:
                return cp;
        }
    }

    /// <summary>The schema and data of the self-describing event inside the <c>ue_pr</c> parameter.</summary>
    private static (string Schema, JsonNode? Data) UnstructEvent(List<NameValue> parameters, string where)
    {
        var uePr = parameters.FirstOrDefault(p => p.Name == "ue_pr").Value
            ?? throw new RowFailure(FailureMessages.Webhook($"{where}.raw.parameters has no ue_pr value"));
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(uePr, documentOptions: CodecLayer.ParseOptions);
        }
        catch (JsonException e)
        {
            throw new RowFailure(FailureMessages.Webhook($"ue_pr is not valid JSON ({e.Message})"));
        }
        var inner = parsed?["data"] as JsonObject ?? throw new RowFailure(FailureMessages.Webhook("ue_pr has no \"data\" object"));
        var schema = JsonKinds.AsString(inner["schema"])
            ?? throw new RowFailure(FailureMessages.Webhook("ue_pr.data has no \"schema\" string"));
        if (!inner.ContainsKey("data"))
            throw new RowFailure(FailureMessages.Webhook("ue_pr.data has no \"data\""));
        return (schema, inner["data"]);
    }
}
