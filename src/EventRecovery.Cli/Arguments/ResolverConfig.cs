using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.Codecs;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Cli.Arguments;

/// <summary>
/// Checks an Iglu resolver configuration (<c>iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-*</c>),
/// given as JSON or its base64. <c>run --verify</c> resolves schemas with it; otherwise it is validated so a broken
/// resolver is caught here rather than by the pipeline later.
/// </summary>
internal static class ResolverConfig
{
    private const string SchemaPrefix = "iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-";

    /// <summary>The configuration's JSON text, decoded from base64 when it is not JSON (check <see cref="Problems"/> first).</summary>
    public static string Json(string jsonOrBase64) => ConfigLoader.JsonText(jsonOrBase64);

    /// <summary>Every problem, each with its location; empty when valid.</summary>
    public static List<string> Problems(string jsonOrBase64)
    {
        var problems = new List<string>();
        var text = jsonOrBase64.Trim();
        if (!text.StartsWith('{'))
        {
            try
            {
                text = Base64Text.DecodeText(text);
            }
            catch (RowFailure)
            {
                return ["the resolver is neither JSON nor base64 of JSON"];
            }
        }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            return [$"the resolver is not valid JSON: {e.Message}"];
        }
        var schema = (root as JsonObject)?["schema"]?.GetValueKind() == JsonValueKind.String ? root!["schema"]!.GetValue<string>() : null;
        if (schema is null || !schema.StartsWith(SchemaPrefix, StringComparison.Ordinal))
            problems.Add($"schema: expected {SchemaPrefix}*, found {(schema is null ? "none" : schema)}");
        if (root?["data"] is not JsonObject data)
        {
            problems.Add("data: missing or not an object");
            return problems;
        }
        if (data["cacheSize"]?.GetValueKind() != JsonValueKind.Number)
            problems.Add("data.cacheSize: missing or not a number");
        if (data["repositories"] is not JsonArray repositories)
        {
            problems.Add("data.repositories: missing or not an array");
            return problems;
        }
        for (var i = 0; i < repositories.Count; i++)
        {
            var at = $"data.repositories[{i}]";
            if (repositories[i] is not JsonObject repo)
            {
                problems.Add($"{at}: not an object");
                continue;
            }
            if (repo["name"]?.GetValueKind() != JsonValueKind.String)
                problems.Add($"{at}.name: missing or not a string");
            if (repo["priority"]?.GetValueKind() != JsonValueKind.Number)
                problems.Add($"{at}.priority: missing or not a number");
            if (repo["vendorPrefixes"] is not JsonArray)
                problems.Add($"{at}.vendorPrefixes: missing or not an array");
            if (repo["connection"] is not JsonObject connection || connection.Count == 0)
                problems.Add($"{at}.connection: missing or empty (http or embedded)");
        }
        return problems;
    }
}
