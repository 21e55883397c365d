using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EventRecovery.Core.BadRows;
using EventRecovery.Core.Codecs;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Recovery;
using EventRecovery.Job.Iglu;
using EventRecovery.Studio.Runs;
using EventRecovery.Studio.Samples;

namespace EventRecovery.Studio.Suggestions;

/// <summary>
/// Proposes flows for the largest failure groups where the repair can be read off the bad rows' own failure messages:
/// a schema Enrich could not find, when a later version of it exists in the resolver (<c>Replace</c> of the version);
/// a property of the wrong type (<c>Cast</c>); a rejected parameter value (<c>Replace</c> with <c>match</c>, the right
/// value asked of the user). Anything else is said to have no suggestion, with why.
/// </summary>
public static partial class RepairSuggestions
{
    /// <summary>Groups looked at, largest first.</summary>
    public const int MaxGroups = 5;

    /// <summary>Rows of a group read to derive proposals.</summary>
    public const int RowsRead = 200;

    /// <summary>Proposals kept per group.</summary>
    public const int MaxProposals = 3;

    [GeneratedRegex(@"(?<found>[a-z]+) found, (?<expected>[a-z]+)(, [a-z]+)* expected")]
    private static partial Regex FoundExpected();

    [GeneratedRegex(@"(?<expected>[a-z]+)(, [a-z]+)* expected, (?<found>[a-z]+) found")]
    private static partial Regex ExpectedFound();

    [GeneratedRegex(@"^\$((\.[A-Za-z_][A-Za-z0-9_]*)|(\[\d+\]))+$")]
    private static partial Regex SimplePath();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex("[^A-Za-z0-9-]+")]
    private static partial Regex NotInFlowName();

    /// <summary>Proposals for the largest groups of <paramref name="run"/>; <paramref name="resolver"/> finds later schema
    /// versions.</summary>
    public static async Task<SuggestionsDto> ForAsync(SampleRun run, Sample sample, IgluResolver? resolver, CancellationToken cancel)
    {
        var groups = new List<GroupSuggestions>();
        foreach (var group in run.Groups.Take(MaxGroups))
        {
            if (group.Outcome == Outcomes.Unrecoverable)
            {
                groups.Add(
                    new GroupSuggestions(
                        group.BadRowType,
                        group.Outcome,
                        group.Reason,
                        group.Rows.Count,
                        [],
                        $"{group.BadRowType} rows cannot be recovered by any configuration: there is no payload to send back."
                    )
                );
                continue;
            }
            var (proposals, why) = await ForGroupAsync(group, sample, resolver, run.Config, cancel);
            groups.Add(
                new GroupSuggestions(
                    group.BadRowType,
                    group.Outcome,
                    group.Reason,
                    group.Rows.Count,
                    proposals,
                    proposals.Count > 0 ? null : why
                )
            );
        }
        return new SuggestionsDto(run.Number, groups);
    }

    private sealed class Candidate(string kind, string key, JsonObject flow, string explanation, string? valueNeeded)
    {
        public readonly string Kind = kind,
            Key = key,
            Explanation = explanation;
        public readonly JsonObject Flow = flow;
        public readonly string? ValueNeeded = valueNeeded;
        public int Rows;
    }

    private static async Task<(List<Proposal> Proposals, string Why)> ForGroupAsync(
        SampleFailureGroup group,
        Sample sample,
        IgluResolver? resolver,
        RecoveryConfig config,
        CancellationToken cancel
    )
    {
        var candidates = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        var notes = new SortedSet<string>(StringComparer.Ordinal);
        var later = new Dictionary<string, SchemaKey?>(StringComparer.Ordinal);
        foreach (var index in group.Rows.Take(RowsRead))
        {
            var line = sample.Lines[index];
            if (line.IsTruncated)
                continue;
            JsonNode? inner;
            string type;
            SchemaKey schema;
            try
            {
                using var document = JsonDocument.Parse(line.Bytes);
                var row = BadRow.From(document.RootElement);
                for (var depth = 0; row.Type == "recovery_error" && depth < 8; depth++)
                    row = row.Unwrap();
                (type, schema, inner) = (row.Type, row.Schema, JsonNode.Parse(row.Data.GetRawText()));
            }
            catch (Exception e) when (e is JsonException or RowFailure or InvalidOperationException)
            {
                continue;
            }
            var key = $"iglu:{schema.Vendor}/{schema.Name}/{schema.Format}/{schema.Model}-*-*";
            var found = type switch
            {
                "schema_violations" => await SchemaViolationAsync(inner, key, resolver, later, notes, cancel),
                "adapter_failures" => AdapterFailure(inner, key, notes),
                _ => [],
            };
            if (found.Count == 0 && type is not ("schema_violations" or "adapter_failures"))
                notes.Add($"no mechanical repair is known for {type} rows: write the flow from the trace of a row");
            foreach (var candidate in found)
            {
                var id = candidate.Key + candidate.Flow.ToJsonString();
                if (!candidates.TryGetValue(id, out var kept))
                    candidates[id] = kept = candidate;
                kept.Rows++;
            }
        }
        var names = config.Flows.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var proposals = candidates
            .Values.OrderByDescending(c => c.Rows)
            .ThenBy(c => c.Flow["name"]!.GetValue<string>(), StringComparer.Ordinal)
            .Take(MaxProposals)
            .Select(c => new Proposal(c.Kind, c.Key, Unique(c.Flow, names), c.Explanation, c.Rows, c.ValueNeeded))
            .ToList();
        var why =
            notes.Count > 0
                ? string.Join(" ", notes)
                : "the failure messages of these rows name no repair that can be made mechanically: open a row's trace";
        return (proposals, why);
    }

    /// <summary>The flow, renamed when the configuration already has a flow of its name.</summary>
    private static JsonObject Unique(JsonObject flow, HashSet<string> names)
    {
        var name = flow["name"]!.GetValue<string>();
        var unique = name;
        for (var n = 2; names.Contains(unique); n++)
            unique = $"{name}-{n}";
        var copy = (JsonObject)flow.DeepClone();
        copy["name"] = unique;
        return copy;
    }

    private static async Task<List<Candidate>> SchemaViolationAsync(
        JsonNode? row,
        string key,
        IgluResolver? resolver,
        Dictionary<string, SchemaKey?> later,
        SortedSet<string> notes,
        CancellationToken cancel
    )
    {
        var found = new List<Candidate>();
        var parameters = row?["payload"]?["raw"]?["parameters"] as JsonArray;
        foreach (var message in row?["failure"]?["messages"] as JsonArray ?? [])
        {
            if (message?["schemaKey"]?.GetValue<string>() is not { } uri || SchemaKey.TryParse(uri) is not { } schema)
                continue;
            var error = message["error"];
            var errorKind = error?["error"]?.GetValueKind() == JsonValueKind.String ? error["error"]!.GetValue<string>() : null;
            var place = Place(parameters, uri);
            if (place is null)
            {
                notes.Add(
                    $"{uri} is in no ue_pr, ue_px, co or cx parameter of the rows' raw event, so no path to repair it can be " + $"written."
                );
                continue;
            }
            if (errorKind == "ResolutionError")
            {
                if (resolver is null)
                {
                    notes.Add($"Enrich could not find {uri}: start the studio with --resolver to look for a later version of it.");
                    continue;
                }
                if (!later.TryGetValue(uri, out var newer))
                    later[uri] = newer = await LaterVersionAsync(resolver, schema, cancel);
                if (newer is null)
                {
                    notes.Add(
                        $"Enrich could not find {uri}, and the resolver's repositories hold no later {schema.Model}-*-* version "
                            + $"of it: publish the schema, or write the flow by hand."
                    );
                    continue;
                }
                found.Add(SchemaVersion(key, uri, schema, newer, place.Value));
            }
            else if (errorKind == "ValidationError")
            {
                foreach (var report in error!["dataReports"] as JsonArray ?? [])
                {
                    if (Cast(key, uri, schema, report, place.Value) is { } cast)
                        found.Add(cast);
                    else if (report?["message"]?.GetValueKind() == JsonValueKind.String)
                        notes.Add($"{uri}: \"{report["message"]!.GetValue<string>()}\" is not a wrong type a Cast repairs.");
                }
            }
        }
        return found;
    }

    /// <summary>Where the entity of schema <paramref name="uri"/> is in the raw parameters: the parameter and whether it is a
    /// context.</summary>
    private static (string Parameter, bool IsContext)? Place(JsonArray? parameters, string uri)
    {
        foreach (var parameter in parameters ?? [])
        {
            if (parameter?["name"]?.GetValue<string>() is not ({ } name and ("ue_pr" or "ue_px" or "co" or "cx")))
                continue;
            if (parameter["value"]?.GetValueKind() != JsonValueKind.String)
                continue;
            JsonNode? json;
            try
            {
                var value = parameter["value"]!.GetValue<string>();
                json = JsonNode.Parse(name is "ue_px" or "cx" ? Base64Text.DecodeText(value) : value);
            }
            catch (Exception e) when (e is JsonException or RowFailure)
            {
                continue;
            }
            if (
                name is "ue_pr" or "ue_px"
                && json?["data"]?["schema"]?.GetValueKind() == JsonValueKind.String
                && json["data"]!["schema"]!.GetValue<string>() == uri
            )
                return (name, false);
            if (
                name is "co" or "cx"
                && json?["data"] is JsonArray contexts
                && contexts.Any(c => c?["schema"]?.GetValueKind() == JsonValueKind.String && c["schema"]!.GetValue<string>() == uri)
            )
                return (name, true);
        }
        return null;
    }

    /// <summary>The path to the entity in the payload: <c>$.raw.parameters.ue_pr.data</c> or a filter on the context's schema.</summary>
    private static string EntityPath((string Parameter, bool IsContext) place, SchemaKey schema) =>
        place.IsContext
            ? $"$.raw.parameters.{place.Parameter}.data[?(@.schema=~{Regex.Escape(SchemaPath(schema))})]"
            : $"$.raw.parameters.{place.Parameter}.data";

    private static string SchemaPath(SchemaKey schema) => $"{schema.Vendor}/{schema.Name}/{schema.Format}/{schema.Version}";

    /// <summary>The latest version of the same model after <paramref name="schema"/> the resolver holds; null when none.</summary>
    private static async Task<SchemaKey?> LaterVersionAsync(IgluResolver resolver, SchemaKey schema, CancellationToken cancel)
    {
        if (!int.TryParse(schema.Revision, out var revision) || !int.TryParse(schema.Addition, out var addition))
            return null;
        SchemaKey? latest = null;
        // Additions of this revision, then later revisions: stop at the first gap in each, as versions are published in order.
        for (var a = addition + 1; a <= addition + 10; a++)
        {
            var key = schema with { Addition = a.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            if ((await resolver.LookupAsync(key, cancel)).Kind != LookupKind.Found)
                break;
            latest = key;
        }
        for (var r = revision + 1; r <= revision + 10; r++)
        {
            var key = schema with { Revision = r.ToString(System.Globalization.CultureInfo.InvariantCulture), Addition = "0" };
            if ((await resolver.LookupAsync(key, cancel)).Kind != LookupKind.Found)
                break;
            latest = key;
            for (var a = 1; a <= 10; a++)
            {
                var next = key with { Addition = a.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                if ((await resolver.LookupAsync(next, cancel)).Kind != LookupKind.Found)
                    break;
                latest = next;
            }
        }
        return latest;
    }

    private static Candidate SchemaVersion(
        string key,
        string uri,
        SchemaKey schema,
        SchemaKey newer,
        (string Parameter, bool IsContext) place
    )
    {
        var path = EntityPath(place, schema) + ".schema";
        var flow = new JsonObject
        {
            ["name"] = FlowName($"{schema.Name}-{newer.Version}"),
            ["conditions"] = new JsonArray(Test("$.payload" + path[1..], new JsonObject { ["value"] = uri })),
            ["steps"] = new JsonArray(
                new JsonObject
                {
                    ["op"] = "Replace",
                    ["path"] = path,
                    ["match"] = Regex.Escape(schema.Version) + "$",
                    ["value"] = newer.Version,
                }
            ),
        };
        return new Candidate(
            "schema-version",
            key,
            flow,
            $"Enrich could not find {uri}; the resolver holds {newer}. This flow points the {(place.IsContext ? "context" : "event")} "
                + $"in {place.Parameter} at {newer.Version}.",
            null
        );
    }

    private static Candidate? Cast(string key, string uri, SchemaKey schema, JsonNode? report, (string Parameter, bool IsContext) place)
    {
        if (report?["message"]?.GetValueKind() != JsonValueKind.String)
            return null;
        var message = report["message"]!.GetValue<string>();
        var match = FoundExpected().Match(message);
        if (!match.Success)
            match = ExpectedFound().Match(message);
        if (!match.Success)
            return null;
        var from = CastType(match.Groups["found"].Value);
        var to = CastType(match.Groups["expected"].Value);
        if (from is null || to is null || from == to)
            return null;
        var property = report["path"]?.GetValueKind() == JsonValueKind.String ? report["path"]!.GetValue<string>() : message.Split(':')[0];
        if (!SimplePath().IsMatch(property))
            return null;
        var path = EntityPath(place, schema) + ".data" + property[1..];
        var flow = new JsonObject
        {
            ["name"] = FlowName($"{schema.Name}-{property.TrimStart('$', '.')}-{to}"),
            // Only rows where the value still has the wrong type: the cast would fail on the others.
            ["conditions"] = new JsonArray(Test("$.payload" + path[1..], new JsonObject { ["regex"] = Shape(from) })),
            ["steps"] = new JsonArray(
                new JsonObject
                {
                    ["op"] = "Cast",
                    ["path"] = path,
                    ["from"] = from,
                    ["to"] = to,
                }
            ),
        };
        return new Candidate(
            "cast",
            key,
            flow,
            $"{uri}: \"{message}\". This flow casts {property} from {from} to {to} where it is still a {from.ToLowerInvariant()}.",
            null
        );
    }

    /// <summary>The step's type for a JSON Schema type name.</summary>
    private static string? CastType(string jsonSchemaType) =>
        jsonSchemaType switch
        {
            "string" => "String",
            "integer" or "number" => "Numeric",
            "boolean" => "Boolean",
            "array" => "Array",
            _ => null,
        };

    /// <summary>A regex a value of this type's compact JSON text matches (a string is tested with its quotes).</summary>
    private static string Shape(string type) =>
        type switch
        {
            "String" => "^\"",
            "Numeric" => "^-?[0-9]",
            "Boolean" => "^(true|false)$",
            _ => "^\\[",
        };

    private static List<Candidate> AdapterFailure(JsonNode? row, string key, SortedSet<string> notes)
    {
        var found = new List<Candidate>();
        var querystring = row?["payload"]?["querystring"] as JsonArray;
        foreach (var message in row?["failure"]?["messages"] as JsonArray ?? [])
        {
            if (message?["field"]?.GetValueKind() != JsonValueKind.String || message["value"]?.GetValueKind() != JsonValueKind.String)
                continue;
            var field = message["field"]!.GetValue<string>();
            var value = message["value"]!.GetValue<string>();
            var expectation =
                message["expectation"]?.GetValueKind() == JsonValueKind.String ? message["expectation"]!.GetValue<string>() : null;
            var present =
                querystring?.Any(p =>
                    p?["name"]?.GetValueKind() == JsonValueKind.String
                    && p["name"]!.GetValue<string>() == field
                    && p["value"]?.GetValueKind() == JsonValueKind.String
                    && p["value"]!.GetValue<string>() == value
                ) == true;
            if (!present)
            {
                notes.Add(
                    $"the rejected field {field} is not a querystring parameter of the rows' payload (it may be in the body): "
                        + $"no path to repair it can be written."
                );
                continue;
            }
            // A parameter by name; a name that is no identifier through a filter, which searches the name.
            var path = Identifier().IsMatch(field) ? $"$.querystring.{field}" : $"$.querystring[?(@.name=~{Regex.Escape(field)})].value";
            var flow = new JsonObject
            {
                ["name"] = FlowName($"{field}-{value}"),
                ["conditions"] = new JsonArray(Test("$.payload" + path[1..], new JsonObject { ["value"] = value })),
                ["steps"] = new JsonArray(
                    new JsonObject
                    {
                        ["op"] = "Replace",
                        ["path"] = path,
                        ["match"] = $"^{Regex.Escape(value)}$",
                        ["value"] = "",
                    }
                ),
            };
            found.Add(
                new Candidate(
                    "parameter",
                    key,
                    flow,
                    $"The adapter rejected {field}={value}"
                        + (expectation is null ? "." : $" ({expectation}).")
                        + $" This flow replaces that value in the querystring; only you know the right one.",
                    $"the value {field} should have instead of \"{value}\""
                )
            );
        }
        return found;
    }

    private static JsonObject Test(string path, JsonObject matcher) =>
        new()
        {
            ["op"] = "Test",
            ["path"] = path,
            ["value"] = matcher,
        };

    private static string FlowName(string text)
    {
        var name = NotInFlowName().Replace(text, "-").Trim('-');
        return name.Length == 0 ? "suggested"
            : name.Length > 60 ? name[..60].TrimEnd('-')
            : name;
    }
}
