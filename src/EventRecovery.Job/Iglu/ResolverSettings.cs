using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventRecovery.Job.Iglu;

/// <summary>
/// An Iglu resolver configuration, <c>iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-0</c> to <c>1-0-3</c>:
/// the same file Enrich is given.
/// </summary>
/// <param name="CacheSize">Schemas kept in the cache; 0 keeps none.</param>
/// <param name="CacheTtl">How long a cached schema is kept (1-0-2 and later); null: for the whole run.</param>
/// <param name="Repositories">The repositories, in the file's order.</param>
public sealed record ResolverSettings(int CacheSize, TimeSpan? CacheTtl, IReadOnlyList<RepositorySettings> Repositories)
{
    private const string SchemaPrefix = "iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-";

    /// <summary>Reads a configuration; throws <see cref="ResolverConfigException"/> listing every problem, each at its JSON
    /// location.</summary>
    public static ResolverSettings Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ResolverConfigException([$"the resolver is not valid JSON: {e.Message}"]);
        }
        var problems = new List<string>();
        var schema =
            (root as JsonObject)?["schema"] is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : null;
        if (
            schema is null
            || !schema.StartsWith(SchemaPrefix, StringComparison.Ordinal)
            || schema.Length == SchemaPrefix.Length
            || !int.TryParse(schema.AsSpan(SchemaPrefix.Length), out var addition)
            || addition > 3
        )
            problems.Add($"schema: expected {SchemaPrefix}0 to 3, found {schema ?? "none"}");
        if (root?["data"] is not JsonObject data)
            throw new ResolverConfigException([.. problems, "data: missing or not an object"]);

        var cacheSize = 0;
        if (
            data["cacheSize"] is JsonValue size
            && size.GetValueKind() == JsonValueKind.Number
            && size.TryGetValue<double>(out var n)
            && n >= 0
        )
            cacheSize = (int)Math.Min(n, int.MaxValue);
        else
            problems.Add("data.cacheSize: missing or not a number of at least 0");
        TimeSpan? ttl = null;
        if (data["cacheTtl"] is { } ttlNode)
        {
            if (ttlNode is JsonValue t && t.GetValueKind() == JsonValueKind.Number && t.TryGetValue<long>(out var seconds) && seconds >= 0)
                ttl = TimeSpan.FromSeconds(seconds);
            else if (ttlNode.GetValueKind() != JsonValueKind.Null)
                problems.Add("data.cacheTtl: not a whole number of seconds of at least 0 (or null)");
        }

        var repositories = new List<RepositorySettings>();
        if (data["repositories"] is not JsonArray list)
            problems.Add("data.repositories: missing or not an array");
        else
            for (var i = 0; i < list.Count; i++)
                if (Repository(list[i], $"data.repositories[{i}]", problems) is { } repository)
                    repositories.Add(repository);
        if (problems.Count > 0)
            throw new ResolverConfigException(problems);
        return new ResolverSettings(cacheSize, ttl, repositories);
    }

    private static RepositorySettings? Repository(JsonNode? node, string at, List<string> problems)
    {
        if (node is not JsonObject repo)
        {
            problems.Add($"{at}: not an object");
            return null;
        }
        var count = problems.Count;
        var name = repo["name"] is JsonValue nv && nv.GetValueKind() == JsonValueKind.String ? nv.GetValue<string>() : null;
        if (name is null)
            problems.Add($"{at}.name: missing or not a string");
        var priority = 0;
        if (repo["priority"] is JsonValue pv && pv.GetValueKind() == JsonValueKind.Number && pv.TryGetValue<double>(out var p))
            priority = (int)p;
        else
            problems.Add($"{at}.priority: missing or not a number");
        var prefixes = new List<string>();
        if (repo["vendorPrefixes"] is JsonArray vp)
            for (var j = 0; j < vp.Count; j++)
                if (vp[j] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                    prefixes.Add(v.GetValue<string>());
                else
                    problems.Add($"{at}.vendorPrefixes[{j}]: not a string");
        else
            problems.Add($"{at}.vendorPrefixes: missing or not an array");

        RepositoryConnection? connection = null;
        var c = repo["connection"] as JsonObject;
        if (c?["http"] is JsonObject http && c.Count == 1)
        {
            var uriText = http["uri"] is JsonValue u && u.GetValueKind() == JsonValueKind.String ? u.GetValue<string>() : null;
            var apikey = http["apikey"] is JsonValue k && k.GetValueKind() == JsonValueKind.String ? k.GetValue<string>() : null;
            if (uriText is null)
                problems.Add($"{at}.connection.http.uri: missing or not a string");
            else if (
                !Uri.TryCreate(uriText, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            )
                problems.Add($"{at}.connection.http.uri: {uriText} is not an http(s) URL");
            else
                connection = new HttpConnection(uri, apikey);
        }
        else if (c?["embedded"] is JsonObject embedded && c.Count == 1)
        {
            var path = embedded["path"] is JsonValue e && e.GetValueKind() == JsonValueKind.String ? e.GetValue<string>() : null;
            if (path is null)
                problems.Add($"{at}.connection.embedded.path: missing or not a string");
            else
                connection = new EmbeddedConnection(path);
        }
        else
            problems.Add($"{at}.connection: expected exactly one of http {{uri, apikey}} or embedded {{path}}");
        return problems.Count == count ? new RepositorySettings(name!, priority, prefixes, connection!) : null;
    }
}

/// <summary>One repository of the resolver.</summary>
/// <param name="Name">Its name, for messages.</param>
/// <param name="Priority">Lower is looked up first, among repositories of the same kind and vendor match.</param>
/// <param name="VendorPrefixes">Vendors (by prefix) this repository is looked up first for.</param>
/// <param name="Connection">Where its schemas are.</param>
public sealed record RepositorySettings(string Name, int Priority, IReadOnlyList<string> VendorPrefixes, RepositoryConnection Connection);

/// <summary>Where a repository's schemas are.</summary>
public abstract record RepositoryConnection;

/// <summary>An HTTP repository: Iglu Central's static layout, or an Iglu Server (<c>uri</c> ending in <c>/api</c>).</summary>
/// <param name="Uri">The base: schemas are at <c>{uri}/schemas/{vendor}/{name}/{format}/{M-R-A}</c>.</param>
/// <param name="ApiKey">Sent as the <c>apikey</c> header (Iglu Server), when given.</param>
public sealed record HttpConnection(Uri Uri, string? ApiKey) : RepositoryConnection;

/// <summary>A local directory laid out as <c>{path}/schemas/{vendor}/{name}/{format}/{M-R-A}</c>.</summary>
/// <param name="Path">The directory (in Snowplow's resolver, a path among the program's resources).</param>
public sealed record EmbeddedConnection(string Path) : RepositoryConnection;

/// <summary>A resolver configuration that cannot be used; <see cref="Problems"/> lists each problem at its JSON location.</summary>
public sealed class ResolverConfigException(IReadOnlyList<string> problems)
    : Exception($"the resolver configuration is invalid: {string.Join("; ", problems)}")
{
    /// <summary>Every problem, each at its JSON location.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
