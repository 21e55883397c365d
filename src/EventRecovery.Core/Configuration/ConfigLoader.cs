using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EventRecovery.Core.BadRows;
using EventRecovery.Core.Codecs;
using EventRecovery.Core.Conditions;
using EventRecovery.Core.Json;
using EventRecovery.Core.Paths;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Steps;
using EventRecovery.Core.Text;

namespace EventRecovery.Core.Configuration;

/// <summary>
/// Reads a recovery configuration (<c>iglu:com.snowplowanalytics.snowplow/recoveries/jsonschema/4-*-*</c>), as
/// JSON text or base64 of it, and validates all of it before any row is processed: every problem is reported at
/// once, each with its JSON location.
/// </summary>
public static partial class ConfigLoader
{
    /// <summary>
    /// The JSON of a configuration given as JSON or as its base64 (line breaks in the base64 ignored), as the Flink
    /// job takes it. Throws <see cref="RowFailure"/> when text that is not JSON is not base64 either.
    /// </summary>
    public static string JsonText(string jsonOrBase64)
    {
        // '{' and '[' are not base64 characters: such text is JSON.
        var text = jsonOrBase64.Trim();
        return text.Length == 0 || text[0] is '{' or '[' ? text : Base64Text.DecodeText(text.Replace("\n", "").Replace("\r", ""));
    }

    private const string BadRowVendor = "com.snowplowanalytics.snowplow.badrows";

    [GeneratedRegex("^[a-zA-Z0-9-]+$")]
    private static partial Regex FlowName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    /// <summary>Loads and validates; throws <see cref="ConfigException"/> listing every problem.</summary>
    public static RecoveryConfig Load(string jsonOrBase64, RecoveryOptions? options = null)
    {
        var result = Validate(jsonOrBase64, options);
        if (result.Config is null)
            throw new ConfigException(result.Problems);
        return result.Config;
    }

    /// <summary>Loads and validates without throwing; the config is <c>null</c> when there are problems.</summary>
    public static ConfigValidation Validate(string jsonOrBase64, RecoveryOptions? options = null)
    {
        options ??= RecoveryOptions.Default;
        var reader = new Reader(options.RegexTimeout);
        var config = reader.Read(jsonOrBase64);
        return new ConfigValidation(reader.Problems.Count == 0 ? config : null, reader.Problems, reader.Warnings);
    }

    private sealed class Reader(TimeSpan regexTimeout)
    {
        public List<ConfigProblem> Problems { get; } = [];
        public List<ConfigProblem> Warnings { get; } = [];

        public RecoveryConfig? Read(string input)
        {
            var root = Parse(input);
            if (root is null)
                return null;
            if (root is not JsonObject top)
            {
                Problem("", $"the configuration must be a self-describing JSON object, found {JsonKinds.Describe(root)}");
                return null;
            }
            var schema = JsonKinds.AsString(top["schema"]);
            if (schema is null)
            {
                Problem(
                    "schema",
                    "missing: the configuration is not self-describing (expected \"schema\": \"" + RecoveryConfig.SchemaPrefix + "4-0-0\")"
                );
            }
            else
            {
                var key = SchemaKey.TryParse(schema);
                if (key is null || !schema.StartsWith(RecoveryConfig.SchemaPrefix, StringComparison.Ordinal))
                    Problem("schema", $"\"{schema}\" is not a recovery configuration schema (expected {RecoveryConfig.SchemaPrefix}4-*-*)");
                else if (key.Model != "4")
                    Problem(
                        "schema",
                        $"unsupported configuration version {key.Version}: this version reads 4-*-* (see the schema in iglu-central and migrate the config)"
                    );
            }
            foreach (var (name, _) in top)
                if (name is not ("schema" or "data"))
                    Problem(At("", name), "unknown property: a self-describing JSON has only \"schema\" and \"data\"");
            if (top["data"] is not JsonObject data)
            {
                Problem(
                    "data",
                    top.ContainsKey("data")
                        ? $"must be an object mapping schema keys to flows, found {JsonKinds.Describe(top["data"])}"
                        : "missing"
                );
                return null;
            }
            if (data.Count == 0)
                Problem("data", "has no schema keys: nothing would ever be recovered");

            var flows = new List<RecoveryFlow>();
            foreach (var (keyText, value) in data)
            {
                var location = $"data[{Quote(keyText)}]";
                var key = SchemaKey.TryParse(keyText);
                if (key is null)
                    Problem(
                        location,
                        "is not a schema key pattern like \"iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-*-*\""
                    );
                else if (key.Vendor != BadRowVendor || !BadRowTypes.IsKnown(key.Name))
                    Warnings.Add(
                        new ConfigProblem(location, $"'{key.Vendor}/{key.Name}' is not a known bad row type: its flows will never match")
                    );
                if (value is not JsonArray list)
                {
                    Problem(location, $"must be an array of flows, found {JsonKinds.Describe(value)}");
                    continue;
                }
                for (var i = 0; i < list.Count; i++)
                {
                    var flow = ReadFlow(list[i], $"{location}[{i}]", key);
                    if (flow is not null)
                        flows.Add(flow);
                }
            }
            return new RecoveryConfig(flows);
        }

        private JsonNode? Parse(string input)
        {
            var text = input.Trim();
            if (text.Length == 0)
            {
                Problem("", "the configuration is empty");
                return null;
            }
            // '{' and '[' are not base64 characters: such text is JSON, and a wrong shape gets a precise message.
            if (text[0] is not ('{' or '['))
            {
                try
                {
                    text = JsonText(text);
                }
                catch (RowFailure)
                {
                    Problem("", "the configuration is neither JSON (it does not start with '{') nor base64 of JSON");
                    return null;
                }
            }
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
            }
            catch (JsonException e)
            {
                Problem("", $"not valid JSON: {e.Message}");
                return null;
            }
            catch (InvalidOperationException e)
            {
                // The parser's check for duplicate keys reads every property name: one escaping a lone surrogate fails there.
                Problem("", $"holds a property name that is not valid Unicode (an escaped lone surrogate such as \\udc00): {e.Message}");
                return null;
            }
            // A string escaping a lone surrogate ("\ud800") parses, but has no text to read later: name it now.
            if (UnreadableString(root, "") is { } unreadable)
            {
                Problem(unreadable, "holds a string that is not valid Unicode (an escaped lone surrogate such as \\ud800)");
                return null;
            }
            return root;
        }

        /// <summary>The location of the first string value with no UTF-16 form, or null.</summary>
        private static string? UnreadableString(JsonNode? node, string location)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, value) in obj) // names are readable: the parser's duplicate check read them all
                    {
                        var at = At(location, name);
                        if (UnreadableString(value, at) is { } found)
                            return found;
                    }
                    return null;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                        if (UnreadableString(array[i], $"{location}[{i}]") is { } found)
                            return found;
                    return null;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    return Readable(() => value.GetValue<string>()) ? null : location;
                default:
                    return null;
            }
        }

        private static bool Readable(Func<string?> read)
        {
            try
            {
                read();
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        private RecoveryFlow? ReadFlow(JsonNode? node, string location, SchemaKey? key)
        {
            if (node is not JsonObject flow)
            {
                Problem(location, $"a flow must be an object with name, conditions and steps, found {JsonKinds.Describe(node)}");
                return null;
            }
            var before = Problems.Count;
            // The schema leaves flows open, but a misspelt "stpes" would leave a flow without its steps, silently.
            Unknown(flow, location, "name", "conditions", "steps");
            var name = JsonKinds.AsString(flow["name"]);
            if (name is null)
                Problem(
                    $"{location}.name",
                    flow.ContainsKey("name") ? $"must be a string, found {JsonKinds.Describe(flow["name"])}" : "missing"
                );
            else if (!FlowName().IsMatch(name))
                Problem($"{location}.name", $"\"{name}\" is not a valid flow name (letters, digits and '-' only)");

            var conditions = new List<Condition>();
            foreach (var (item, at) in Items(flow, "conditions", location))
            {
                var condition = ReadCondition(item, at);
                if (condition is not null)
                    conditions.Add(condition);
            }
            var steps = new List<Step>();
            foreach (var (item, at) in Items(flow, "steps", location))
            {
                var step = ReadStep(item, at);
                if (step is not null)
                    steps.Add(step);
            }
            if (Problems.Count > before || key is null)
                return null;
            return new RecoveryFlow(key, name!, conditions, steps);
        }

        private IEnumerable<(JsonNode? Item, string Location)> Items(JsonObject flow, string property, string location)
        {
            if (flow[property] is not JsonArray array)
            {
                Problem(
                    $"{location}.{property}",
                    flow.ContainsKey(property)
                        ? $"must be an array, found {JsonKinds.Describe(flow[property])}"
                        : "missing (use [] for none)"
                );
                yield break;
            }
            for (var i = 0; i < array.Count; i++)
                yield return (array[i], $"{location}.{property}[{i}]");
        }

        private Condition? ReadCondition(JsonNode? node, string location)
        {
            if (node is not JsonObject obj)
            {
                Problem(location, $"a condition must be an object, found {JsonKinds.Describe(node)}");
                return null;
            }
            Unknown(obj, location, "op", "path", "value");
            var op = JsonKinds.AsString(obj["op"]);
            if (op != "Test")
                Problem(
                    $"{location}.op",
                    op is null ? "missing (conditions use \"op\": \"Test\")" : $"unknown condition op \"{op}\" (conditions use \"Test\")"
                );
            var path = ReadPath(obj, location);
            var matcher = ReadMatcher(obj["value"], obj.ContainsKey("value"), $"{location}.value");
            return path is null || matcher is null || op != "Test" ? null : new Condition(path, matcher);
        }

        private Matcher? ReadMatcher(JsonNode? node, bool present, string location)
        {
            if (node is not JsonObject obj)
            {
                Problem(
                    location,
                    present
                        ? $"a matcher must be an object {{\"value\": …}}, {{\"regex\": …}} or {{\"size\": {{…}}}}, found {JsonKinds.Describe(node)}"
                        : "missing: a condition needs a matcher {\"value\": …}, {\"regex\": …} or {\"size\": {…}}"
                );
                return null;
            }
            if (Unknown(obj, location, "value", "regex", "size"))
                return null;
            var kinds = obj.Select(p => p.Key).ToList();
            if (kinds.Count != 1)
            {
                Problem(location, $"a matcher has exactly one of \"value\", \"regex\" or \"size\", found {Describe(kinds)}");
                return null;
            }
            switch (kinds[0])
            {
                case "value":
                    return new ValueMatcher(obj["value"]?.DeepClone());
                case "regex":
                    var pattern = JsonKinds.AsString(obj["regex"]);
                    if (pattern is null)
                    {
                        Problem($"{location}.regex", $"must be a string, found {JsonKinds.Describe(obj["regex"])}");
                        return null;
                    }
                    var regex = Regex(pattern, $"{location}.regex");
                    return regex is null ? null : new RegexMatcher(regex);
                default:
                    return ReadSize(obj["size"], $"{location}.size");
            }
        }

        private SizeMatcher? ReadSize(JsonNode? node, string location)
        {
            if (node is JsonObject open)
            {
                var unknown = false;
                foreach (var (key, _) in open)
                {
                    if (key is "eq" or "gt" or "lt")
                        continue;
                    Problem(At(location, key), "unknown size comparison (use \"eq\", \"gt\" or \"lt\")");
                    unknown = true;
                }
                if (unknown)
                    return null;
            }
            if (node is not JsonObject obj || obj.Count != 1)
            {
                Problem(location, "must be an object with exactly one of \"eq\", \"gt\" or \"lt\", e.g. {\"gt\": 3}");
                return null;
            }
            var (name, value) = obj.First();
            var comparison = name switch
            {
                "eq" => SizeComparison.Equal,
                "gt" => SizeComparison.GreaterThan,
                _ => SizeComparison.LessThan,
            };
            if (
                value is not JsonValue v
                || v.GetValueKind() != JsonValueKind.Number
                || !long.TryParse(CompactJson.NumberText(v), out var bound)
            )
            {
                Problem($"{location}.{name}", $"must be an integer, found {CompactJson.Serialize(value)}");
                return null;
            }
            return new SizeMatcher(comparison, bound);
        }

        private Step? ReadStep(JsonNode? node, string location)
        {
            if (node is not JsonObject obj)
            {
                Problem(location, $"a step must be an object, found {JsonKinds.Describe(node)}");
                return null;
            }
            var op = JsonKinds.AsString(obj["op"]);
            switch (op)
            {
                case "Replace":
                {
                    Unknown(obj, location, "op", "path", "match", "value");
                    var path = ReadPath(obj, location);
                    var match = OptionalRegex(obj, location);
                    var hasValue = RequireValue(obj, location, "Replace");
                    return path is null || !match.Ok || !hasValue ? null : new ReplaceStep(path, match.Regex, obj["value"]?.DeepClone());
                }
                case "Remove":
                {
                    Unknown(obj, location, "op", "path", "match");
                    var path = ReadPath(obj, location);
                    var match = OptionalRegex(obj, location);
                    return path is null || !match.Ok ? null : new RemoveStep(path, match.Regex);
                }
                case "Cast":
                {
                    Unknown(obj, location, "op", "path", "from", "to");
                    var path = ReadPath(obj, location);
                    var from = ReadCastType(obj, "from", location);
                    var to = ReadCastType(obj, "to", location);
                    return path is null || from is null || to is null ? null : new CastStep(path, from.Value, to.Value);
                }
                case "Add":
                {
                    Unknown(obj, location, "op", "path", "value");
                    var path = ReadPath(obj, location);
                    var hasValue = RequireValue(obj, location, "Add");
                    return path is null || !hasValue ? null : new AddStep(path, obj["value"]?.DeepClone());
                }
                default:
                    Problem(
                        $"{location}.op",
                        op is null
                            ? (
                                obj.ContainsKey("op")
                                    ? $"must be a string, found {JsonKinds.Describe(obj["op"])}"
                                    : "missing (one of Replace, Remove, Cast, Add)"
                            )
                            : $"unknown step op \"{op}\" (one of Replace, Remove, Cast, Add)"
                    );
                    return null;
            }
        }

        private bool RequireValue(JsonObject obj, string location, string op)
        {
            if (obj.ContainsKey("value"))
                return true;
            Problem($"{location}.value", $"missing: {op} needs a value");
            return false;
        }

        private CastType? ReadCastType(JsonObject obj, string property, string location)
        {
            var text = JsonKinds.AsString(obj[property]);
            if (
                text is not null
                && Enum.TryParse<CastType>(text, ignoreCase: false, out var type)
                && Enum.IsDefined(type)
                && !char.IsDigit(text[0])
            )
                return type;
            Problem(
                $"{location}.{property}",
                text is null
                    ? (
                        obj.ContainsKey(property)
                            ? $"must be a string, found {JsonKinds.Describe(obj[property])}"
                            : "missing (one of String, Numeric, Boolean, Array)"
                    )
                    : $"unknown cast type \"{text}\" (one of String, Numeric, Boolean, Array)"
            );
            return null;
        }

        private (bool Ok, JavaRegex? Regex) OptionalRegex(JsonObject obj, string location)
        {
            if (!obj.ContainsKey("match") || obj["match"] is null)
                return (true, null);
            var pattern = JsonKinds.AsString(obj["match"]);
            if (pattern is null)
            {
                Problem($"{location}.match", $"must be a string (a regex), found {JsonKinds.Describe(obj["match"])}");
                return (false, null);
            }
            var regex = Regex(pattern, $"{location}.match");
            return (regex is not null, regex);
        }

        private JsonPath? ReadPath(JsonObject obj, string location)
        {
            var text = JsonKinds.AsString(obj["path"]);
            if (text is null)
            {
                Problem(
                    $"{location}.path",
                    obj.ContainsKey("path") ? $"must be a string, found {JsonKinds.Describe(obj["path"])}" : "missing"
                );
                return null;
            }
            var path = JsonPath.TryParse(text, regexTimeout, out var error);
            if (path is null)
                Problem($"{location}.path", $"cannot parse \"{text}\": {error}");
            return path;
        }

        private JavaRegex? Regex(string pattern, string location)
        {
            var regex = JavaRegex.TryCreate(pattern, regexTimeout, out var error);
            if (regex is null)
                Problem(location, $"regex /{pattern}/ does not compile: {error}");
            return regex;
        }

        /// <summary>Reports each property of <paramref name="obj"/> not in <paramref name="allowed"/>, at its location; true if
        /// any.</summary>
        private bool Unknown(JsonObject obj, string location, params string[] allowed)
        {
            var found = false;
            foreach (var (name, _) in obj)
            {
                if (Array.IndexOf(allowed, name) >= 0)
                    continue;
                Problem(At(location, name), $"unknown property (allowed here: {string.Join(", ", allowed)})");
                found = true;
            }
            return found;
        }

        /// <summary>The location of property <paramref name="name"/> of the object at <paramref name="location"/>.</summary>
        private static string At(string location, string name) =>
            Identifier().IsMatch(name) ? (location.Length == 0 ? name : $"{location}.{name}") : $"{location}[{Quote(name)}]";

        private void Problem(string location, string message) => Problems.Add(new ConfigProblem(location, message));

        private static string Describe(List<string> names) => names.Count == 0 ? "none" : string.Join(", ", names.Select(n => $"\"{n}\""));

        private static string Quote(string s)
        {
            var sb = new StringBuilder();
            CompactJson.WriteString(sb, s);
            return sb.ToString();
        }
    }
}
