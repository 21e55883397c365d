using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;

namespace EventRecovery.Job.Iglu;

/// <summary>
/// An Iglu schema (JSON Schema draft-04) compiled once into a tree of checks that read the instance where it lies (a
/// <see cref="JsonElement"/>): nothing is allocated for an instance that validates, and the first error, with its place
/// in the instance, is worded only for one that does not. Every draft-04 keyword is implemented as the draft defines it
/// and as Enrich's validator reads it: <c>integer</c> is a number written without fraction or exponent, string lengths
/// count code points, <c>exclusiveMaximum</c>/<c>exclusiveMinimum</c> are booleans, <c>$ref</c> is a local JSON pointer
/// (a remote http(s) one is taken as <c>{}</c>, as Enrich never fetches them); formats (date-time, uri, email, ipv4,
/// ipv6, uuid, hostname) are checked as JsonSchema.Net checks them: uuid and date-time here (<see cref="DateTimeFormat"/>),
/// the others by JsonSchema.Net itself, loaded only for a schema that has one (its start-up costs). A schema that needs
/// anything else (another format, a <c>$ref</c> through an <c>id</c>) is refused by <see cref="TryCompile"/>, and
/// validated by JsonSchema.Net.
/// </summary>
public sealed class Draft04Validator
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(2);
    private static readonly string[] KnownFormats = ["date-time", "uri", "email", "ipv4", "ipv6", "uuid", "hostname"];

    private readonly Node _root;

    private Draft04Validator(Node root) => _root = root;

    /// <summary>
    /// Compiles <paramref name="schema"/>; null, with <paramref name="unsupported"/> saying why, when it uses something
    /// this validator does not implement (the caller validates with another).
    /// </summary>
    public static Draft04Validator? TryCompile(JsonElement schema, out string? unsupported)
    {
        var compiler = new Compiler(schema.Clone());
        try
        {
            var root = compiler.Compile(compiler.Root, "#");
            compiler.ResolveReferences();
            unsupported = null;
            return new Draft04Validator(root);
        }
        catch (NotSupportedException e)
        {
            unsupported = e.Message;
            return null;
        }
    }

    /// <summary>
    /// Null when <paramref name="instance"/> validates; otherwise its first error: <c>$.age: integer expected, string found</c>.
    /// </summary>
    public string? FirstError(JsonElement instance) => _root.Check(instance)?.ToString();

    /// <summary>An error, its place built from the innermost segment outwards as the checks return.</summary>
    private sealed class Failure(string message)
    {
        private readonly List<string> _segments = [];

        public Failure At(string segment)
        {
            _segments.Add(segment);
            return this;
        }

        public override string ToString()
        {
            var path = new StringBuilder("$");
            for (var i = _segments.Count - 1; i >= 0; i--)
                path.Append(_segments[i]);
            return path.Append(": ").Append(message).ToString();
        }
    }

    private static string Property(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? "." + name
            : $"[{JsonSerializer.Serialize(name, IgluJson.Default.String)}]";

    /// <summary>A (sub)schema: its checks in order; a reference is filled in once every schema is compiled.</summary>
    private sealed class Node
    {
        public Func<JsonElement, Failure?>[] Checks = [];
        public Node? Reference;

        public Failure? Check(JsonElement instance)
        {
            if (Reference is not null)
            {
                // A schema that refers to itself without going down the instance ({"allOf": [{"$ref": "#"}]}) would
                // recurse for ever: an exception (the row is then not verified) rather than a crash of the process.
                RuntimeHelpers.EnsureSufficientExecutionStack();
                return Reference.Check(instance);
            }
            foreach (var check in Checks)
                if (check(instance) is { } failure)
                    return failure;
            return null;
        }

        public bool Valid(JsonElement instance) => Check(instance) is null;
    }

    private sealed class Compiler(JsonElement root)
    {
        private readonly Dictionary<string, Node> _byPointer = new(StringComparer.Ordinal);
        private readonly List<(Node Node, string Pointer)> _references = [];

        public JsonElement Root { get; } = root;

        public void ResolveReferences()
        {
            // By index: a schema compiled here may hold references of its own, added to the end.
            for (var r = 0; r < _references.Count; r++)
            {
                var (node, pointer) = _references[r];
                if (!_byPointer.TryGetValue(pointer, out var target))
                {
                    var element = Resolve(pointer) ?? throw new NotSupportedException($"$ref {pointer} points at nothing in the schema");
                    target = Compile(element, pointer);
                }
                node.Reference = target;
            }
            foreach (var (node, pointer) in _references)
            {
                var seen = new HashSet<Node>();
                for (var n = node; n.Reference is not null; n = n.Reference)
                    if (!seen.Add(n))
                        throw new NotSupportedException($"$ref {pointer} refers to itself");
            }
        }

        private JsonElement? Resolve(string pointer)
        {
            var at = Root;
            foreach (var raw in pointer[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var segment = Uri.UnescapeDataString(raw)
                    .Replace("~1", "/", StringComparison.Ordinal)
                    .Replace("~0", "~", StringComparison.Ordinal);
                if (at.ValueKind == JsonValueKind.Object && at.TryGetProperty(segment, out var child))
                    at = child;
                else if (
                    at.ValueKind == JsonValueKind.Array
                    && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                    && i < at.GetArrayLength()
                )
                    at = at[i];
                else
                    return null;
            }
            return at;
        }

        public Node Compile(JsonElement schema, string pointer)
        {
            if (_byPointer.TryGetValue(pointer, out var known))
                return known;
            var node = new Node();
            _byPointer[pointer] = node;
            if (schema.ValueKind != JsonValueKind.Object)
                throw new NotSupportedException($"{pointer}: a schema must be an object");
            if (schema.TryGetProperty("$ref", out var reference))
            {
                if (reference.ValueKind != JsonValueKind.String)
                    throw new NotSupportedException($"{pointer}/$ref: not a string");
                var target = reference.GetString()!;
                if (
                    target.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                    || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                )
                    return node; // a remote schema is never fetched: anything goes, as in Enrich
                if (target != "#" && !target.StartsWith("#/", StringComparison.Ordinal))
                    throw new NotSupportedException($"{pointer}/$ref: {target} is not a local JSON pointer");
                _references.Add((node, target == "#" ? "#" : target));
                return node;
            }
            var checks = new List<Func<JsonElement, Failure?>>();
            foreach (var keyword in schema.EnumerateObject())
                if (Keyword(schema, keyword, pointer + "/" + keyword.Name) is { } check)
                    checks.Add(check);
            node.Checks = [.. checks];
            return node;
        }

        private Node Sub(JsonElement schema, string pointer) => Compile(schema, pointer);

        private Func<JsonElement, Failure?>? Keyword(JsonElement schema, JsonProperty keyword, string at)
        {
            var v = keyword.Value;
            switch (keyword.Name)
            {
                case "type":
                    return Type(v, at);
                case "enum":
                    if (v.ValueKind != JsonValueKind.Array)
                        throw new NotSupportedException($"{at}: not an array");
                    var allowed = v.EnumerateArray().ToArray();
                    var listed = Shorten(v.GetRawText());
                    return i =>
                    {
                        foreach (var a in allowed)
                            if (JsonEquality.Equal(a, i))
                                return null;
                        return new Failure($"{Shorten(i.GetRawText())} is not one of {listed}");
                    };
                case "multipleOf":
                    var divisor = Number(v, at);
                    return i =>
                        i.ValueKind != JsonValueKind.Number || MultipleOf(i, divisor)
                            ? null
                            : new Failure($"{i.GetRawText()} is not a multiple of {v.GetRawText()}");
                case "maximum":
                    return Bound(schema, v, at, upper: true);
                case "minimum":
                    return Bound(schema, v, at, upper: false);
                case "exclusiveMaximum" or "exclusiveMinimum":
                    if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
                        return null; // read with maximum/minimum
                    return Bound(schema, v, at, upper: keyword.Name == "exclusiveMaximum", exclusiveNumber: true);
                case "maxLength":
                    var max = Count(v, at);
                    return i =>
                        i.ValueKind != JsonValueKind.String || CodePoints(i) <= max
                            ? null
                            : new Failure($"{CodePoints(i)} characters, at most {max} allowed");
                case "minLength":
                    var min = Count(v, at);
                    return i =>
                        i.ValueKind != JsonValueKind.String || CodePoints(i) >= min
                            ? null
                            : new Failure($"{CodePoints(i)} characters, at least {min} required");
                case "pattern":
                    var regex = Pattern(v, at);
                    return i =>
                        i.ValueKind != JsonValueKind.String || Matches(regex, i)
                            ? null
                            : new Failure($"{Shorten(i.GetRawText())} does not match the pattern {regex}");
                case "format":
                    return Format(v, at);
                case "items":
                    return Items(schema, v, at);
                case "additionalItems":
                    return null; // read with items
                case "maxItems":
                    var maxItems = Count(v, at);
                    return i =>
                        i.ValueKind != JsonValueKind.Array || i.GetArrayLength() <= maxItems
                            ? null
                            : new Failure($"{i.GetArrayLength()} items, at most {maxItems} allowed");
                case "minItems":
                    var minItems = Count(v, at);
                    return i =>
                        i.ValueKind != JsonValueKind.Array || i.GetArrayLength() >= minItems
                            ? null
                            : new Failure($"{i.GetArrayLength()} items, at least {minItems} required");
                case "uniqueItems":
                    if (v.ValueKind != JsonValueKind.True)
                        return null;
                    return i =>
                        i.ValueKind != JsonValueKind.Array || Duplicate(i) is not { } d
                            ? null
                            : new Failure($"items {d.First} and {d.Second} are equal: items must be unique");
                case "maxProperties":
                    var maxProperties = Count(v, at);
                    return i =>
                        i.ValueKind != JsonValueKind.Object || i.GetPropertyCount() <= maxProperties
                            ? null
                            : new Failure($"{i.GetPropertyCount()} properties, at most {maxProperties} allowed");
                case "minProperties":
                    var minProperties = Count(v, at);
                    return i =>
                        i.ValueKind != JsonValueKind.Object || i.GetPropertyCount() >= minProperties
                            ? null
                            : new Failure($"{i.GetPropertyCount()} properties, at least {minProperties} required");
                case "required":
                    return Required(v, at);
                case "properties":
                    return Properties(schema, at);
                case "patternProperties" or "additionalProperties":
                    // read with properties, or with the first of these two when there is no properties keyword
                    if (schema.TryGetProperty("properties", out _))
                        return null;
                    if (keyword.Name == "additionalProperties" && schema.TryGetProperty("patternProperties", out _))
                        return null;
                    return Properties(schema, at[..at.LastIndexOf('/')] + "/properties");
                case "dependencies":
                    return Dependencies(v, at);
                case "allOf":
                    var all = Schemas(v, at);
                    return i =>
                    {
                        foreach (var s in all)
                            if (s.Check(i) is { } f)
                                return f;
                        return null;
                    };
                case "anyOf":
                    var any = Schemas(v, at);
                    return i => any.Any(s => s.Valid(i)) ? null : new Failure($"matches none of the {any.Length} schemas of anyOf");
                case "oneOf":
                    var one = Schemas(v, at);
                    return i =>
                    {
                        var matched = one.Count(s => s.Valid(i));
                        return matched == 1
                            ? null
                            : new Failure($"matches {matched} of the {one.Length} schemas of oneOf, exactly one expected");
                    };
                case "not":
                    var not = Sub(v, at);
                    return i => not.Valid(i) ? new Failure("matches the schema of not") : null;
                case "definitions":
                    if (v.ValueKind == JsonValueKind.Object)
                        foreach (var d in v.EnumerateObject())
                            Sub(d.Value, at + "/" + Escape(d.Name));
                    return null;
                default:
                    return null; // annotations (description, self, $schema, id…) and unknown keywords
            }
        }

        private static string Escape(string name) =>
            name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

        private Node[] Schemas(JsonElement list, string at)
        {
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                throw new NotSupportedException($"{at}: not a non-empty array");
            return list.EnumerateArray().Select((s, n) => Sub(s, $"{at}/{n}")).ToArray();
        }

        private static Func<JsonElement, Failure?> Type(JsonElement v, string at)
        {
            string[] names = v.ValueKind switch
            {
                JsonValueKind.String => [v.GetString()!],
                JsonValueKind.Array when v.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String) => v.EnumerateArray()
                    .Select(t => t.GetString()!)
                    .ToArray(),
                _ => throw new NotSupportedException($"{at}: neither a type name nor a list of them"),
            };
            var kinds = TypeSet.None;
            foreach (var name in names)
                kinds |= name switch
                {
                    "null" => TypeSet.Null,
                    "boolean" => TypeSet.Boolean,
                    "object" => TypeSet.Object,
                    "array" => TypeSet.Array,
                    "number" => TypeSet.Number | TypeSet.Integer,
                    "integer" => TypeSet.Integer,
                    "string" => TypeSet.String,
                    _ => throw new NotSupportedException($"{at}: unknown type {name}"),
                };
            var expected = string.Join(" or ", names);
            return i => (kinds & Of(i)) != 0 ? null : new Failure($"{expected} expected, {Name(Of(i))} found");
        }

        private static Func<JsonElement, Failure?>? Bound(
            JsonElement schema,
            JsonElement v,
            string at,
            bool upper,
            bool exclusiveNumber = false
        )
        {
            var limit = Number(v, at);
            var exclusive =
                exclusiveNumber
                || (
                    schema.TryGetProperty(upper ? "exclusiveMaximum" : "exclusiveMinimum", out var flag)
                    && flag.ValueKind == JsonValueKind.True
                );
            var words = (upper, exclusive) switch
            {
                (true, false) => "at most",
                (true, true) => "less than",
                (false, false) => "at least",
                (false, true) => "greater than",
            };
            return i =>
            {
                if (i.ValueKind != JsonValueKind.Number)
                    return null;
                var c = Compare(i, limit);
                var ok = upper ? (exclusive ? c < 0 : c <= 0) : (exclusive ? c > 0 : c >= 0);
                return ok ? null : new Failure($"{i.GetRawText()} should be {words} {v.GetRawText()}");
            };
        }

        private static Func<JsonElement, Failure?> Format(JsonElement v, string at)
        {
            var name = v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new NotSupportedException($"{at}: not a string");
            if (!KnownFormats.Contains(name))
                throw new NotSupportedException($"{at}: format {name} is not checked here");
            Func<JsonElement, bool>? own = name switch
            {
                "uuid" => IsUuid,
                "date-time" => DateTimeFormat.IsValid,
                _ => null,
            };
            if (own is null)
                return OtherFormat(name);
            return i =>
                i.ValueKind != JsonValueKind.String || own(i) ? null : new Failure($"{Shorten(i.GetRawText())} is not a valid {name}");
        }

        // Apart, never inlined: JsonSchema.Net starts (reading every meta-schema) only for a schema with such a format.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Func<JsonElement, Failure?> OtherFormat(string name)
        {
            var format = FormatRegistry.Global.Get(name);
            return i =>
                i.ValueKind != JsonValueKind.String || format.Validate(i, out _)
                    ? null
                    : new Failure($"{Shorten(i.GetRawText())} is not a valid {name}");
        }

        private Func<JsonElement, Failure?>? Items(JsonElement schema, JsonElement v, string at)
        {
            if (v.ValueKind == JsonValueKind.Object)
            {
                var each = Sub(v, at);
                return i =>
                {
                    if (i.ValueKind != JsonValueKind.Array)
                        return null;
                    var n = 0;
                    foreach (var item in i.EnumerateArray())
                    {
                        if (each.Check(item) is { } f)
                            return f.At($"[{n}]");
                        n++;
                    }
                    return null;
                };
            }
            if (v.ValueKind != JsonValueKind.Array)
                throw new NotSupportedException($"{at}: neither a schema nor a list of schemas");
            var tuple = v.EnumerateArray().Select((s, n) => Sub(s, $"{at}/{n}")).ToArray();
            var parent = at[..at.LastIndexOf('/')];
            Node? rest = null;
            var restAllowed = true;
            if (schema.TryGetProperty("additionalItems", out var additional))
            {
                if (additional.ValueKind == JsonValueKind.False)
                    restAllowed = false;
                else if (additional.ValueKind == JsonValueKind.Object)
                    rest = Sub(additional, parent + "/additionalItems");
            }
            return i =>
            {
                if (i.ValueKind != JsonValueKind.Array)
                    return null;
                var n = 0;
                foreach (var item in i.EnumerateArray())
                {
                    if (n < tuple.Length)
                    {
                        if (tuple[n].Check(item) is { } f)
                            return f.At($"[{n}]");
                    }
                    else if (!restAllowed)
                        return new Failure($"{i.GetArrayLength()} items, at most {tuple.Length} allowed (additionalItems is false)");
                    else if (rest?.Check(item) is { } f)
                        return f.At($"[{n}]");
                    n++;
                }
                return null;
            };
        }

        private static Func<JsonElement, Failure?> Required(JsonElement v, string at)
        {
            if (v.ValueKind != JsonValueKind.Array || !v.EnumerateArray().All(n => n.ValueKind == JsonValueKind.String))
                throw new NotSupportedException($"{at}: not a list of names");
            var names = v.EnumerateArray().Select(n => n.GetString()!).ToArray();
            return i =>
            {
                if (i.ValueKind != JsonValueKind.Object)
                    return null;
                List<string>? missing = null;
                foreach (var name in names)
                    if (!i.TryGetProperty(name, out _))
                        (missing ??= []).Add(JsonSerializer.Serialize(name, IgluJson.Default.String));
                if (missing is null)
                    return null;
                return new Failure($"required {(missing.Count == 1 ? "property" : "properties")} {string.Join(", ", missing)} missing");
            };
        }

        /// <summary>properties, patternProperties and additionalProperties, read together: one pass over the instance's members.</summary>
        private Func<JsonElement, Failure?> Properties(JsonElement schema, string at)
        {
            var parent = at[..at.LastIndexOf('/')];
            var named = Array.Empty<(byte[] Utf8, Node Schema)>();
            if (schema.TryGetProperty("properties", out var properties))
            {
                if (properties.ValueKind != JsonValueKind.Object)
                    throw new NotSupportedException($"{at}: not an object");
                named = properties
                    .EnumerateObject()
                    .Select(p => (Encoding.UTF8.GetBytes(p.Name), Sub(p.Value, $"{at}/{Escape(p.Name)}")))
                    .ToArray();
            }
            var patterns = Array.Empty<(Regex Pattern, Node Schema)>();
            if (schema.TryGetProperty("patternProperties", out var patternProperties))
            {
                if (patternProperties.ValueKind != JsonValueKind.Object)
                    throw new NotSupportedException($"{parent}/patternProperties: not an object");
                patterns = patternProperties
                    .EnumerateObject()
                    .Select(p =>
                        (Regex(p.Name, $"{parent}/patternProperties"), Sub(p.Value, $"{parent}/patternProperties/{Escape(p.Name)}"))
                    )
                    .ToArray();
            }
            var (othersAllowed, others) = (true, (Node?)null);
            if (schema.TryGetProperty("additionalProperties", out var additional))
            {
                if (additional.ValueKind == JsonValueKind.False)
                    othersAllowed = false;
                else if (additional.ValueKind == JsonValueKind.Object)
                    others = Sub(additional, parent + "/additionalProperties");
            }
            if (patterns.Length == 0 && othersAllowed && others is null)
                return i =>
                {
                    if (i.ValueKind != JsonValueKind.Object)
                        return null;
                    foreach (var (utf8, node) in named)
                        if (i.TryGetProperty(utf8, out var value) && node.Check(value) is { } f)
                            return f.At(Property(Encoding.UTF8.GetString(utf8)));
                    return null;
                };
            return i =>
            {
                if (i.ValueKind != JsonValueKind.Object)
                    return null;
                foreach (var member in i.EnumerateObject())
                {
                    var matched = false;
                    foreach (var (utf8, node) in named)
                    {
                        if (!member.NameEquals(utf8))
                            continue;
                        matched = true;
                        if (node.Check(member.Value) is { } f)
                            return f.At(Property(member.Name));
                        break;
                    }
                    if (patterns.Length > 0)
                    {
                        var name = member.Name;
                        foreach (var (pattern, node) in patterns)
                        {
                            if (!pattern.IsMatch(name))
                                continue;
                            matched = true;
                            if (node.Check(member.Value) is { } f)
                                return f.At(Property(name));
                        }
                    }
                    if (matched)
                        continue;
                    if (!othersAllowed)
                        return new Failure("not allowed (additionalProperties is false)").At(Property(member.Name));
                    if (others?.Check(member.Value) is { } g)
                        return g.At(Property(member.Name));
                }
                return null;
            };
        }

        private Func<JsonElement, Failure?> Dependencies(JsonElement v, string at)
        {
            if (v.ValueKind != JsonValueKind.Object)
                throw new NotSupportedException($"{at}: not an object");
            var rules = new List<(string Name, string[]? Needs, Node? Schema)>();
            foreach (var d in v.EnumerateObject())
            {
                if (d.Value.ValueKind == JsonValueKind.Array && d.Value.EnumerateArray().All(n => n.ValueKind == JsonValueKind.String))
                    rules.Add((d.Name, d.Value.EnumerateArray().Select(n => n.GetString()!).ToArray(), null));
                else if (d.Value.ValueKind == JsonValueKind.Object)
                    rules.Add((d.Name, null, Sub(d.Value, $"{at}/{Escape(d.Name)}")));
                else
                    throw new NotSupportedException($"{at}/{d.Name}: neither a list of names nor a schema");
            }
            return i =>
            {
                if (i.ValueKind != JsonValueKind.Object)
                    return null;
                foreach (var (name, needs, node) in rules)
                {
                    if (!i.TryGetProperty(name, out _))
                        continue;
                    if (needs?.FirstOrDefault(n => !i.TryGetProperty(n, out _)) is { } missing)
                    {
                        var needed = JsonSerializer.Serialize(missing, IgluJson.Default.String);
                        var by = JsonSerializer.Serialize(name, IgluJson.Default.String);
                        return new Failure($"property {needed} missing, required with {by}");
                    }
                    if (node?.Check(i) is { } f)
                        return f;
                }
                return null;
            };
        }

        private static Regex Pattern(JsonElement v, string at) =>
            v.ValueKind == JsonValueKind.String ? Regex(v.GetString()!, at) : throw new NotSupportedException($"{at}: not a string");

        /// <summary>
        /// ECMA 262 semantics where .NET offers them (<c>\d</c> is 0-9, <c>\w</c> ASCII), .NET's otherwise (<c>\p{L}</c>).
        /// </summary>
        private static Regex Regex(string pattern, string at)
        {
            try
            {
                return new Regex(pattern, RegexOptions.ECMAScript, PatternTimeout);
            }
            catch (ArgumentException)
            {
                try
                {
                    return new Regex(pattern, RegexOptions.CultureInvariant, PatternTimeout);
                }
                catch (ArgumentException e)
                {
                    throw new NotSupportedException($"{at}: {pattern} is not a regular expression here: {e.Message}");
                }
            }
        }

        private static JsonElement Number(JsonElement v, string at) =>
            v.ValueKind == JsonValueKind.Number ? v : throw new NotSupportedException($"{at}: not a number");

        private static long Count(JsonElement v, string at) =>
            v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0
                ? n
                : throw new NotSupportedException($"{at}: not a whole number of at least 0");
    }

    [Flags]
    private enum TypeSet
    {
        None = 0,
        Null = 1,
        Boolean = 2,
        Object = 4,
        Array = 8,
        Number = 16,
        Integer = 32,
        String = 64,
    }

    private static TypeSet Of(JsonElement i) =>
        i.ValueKind switch
        {
            JsonValueKind.Null => TypeSet.Null,
            JsonValueKind.True or JsonValueKind.False => TypeSet.Boolean,
            JsonValueKind.Object => TypeSet.Object,
            JsonValueKind.Array => TypeSet.Array,
            JsonValueKind.String => TypeSet.String,
            _ => IsInteger(i) ? TypeSet.Integer : TypeSet.Number,
        };

    private static string Name(TypeSet t) =>
        t switch
        {
            TypeSet.Null => "null",
            TypeSet.Boolean => "boolean",
            TypeSet.Object => "object",
            TypeSet.Array => "array",
            TypeSet.String => "string",
            TypeSet.Integer => "integer",
            _ => "number",
        };

    /// <summary>Draft-04: an integer is a number written without a fraction or an exponent.</summary>
    private static bool IsInteger(JsonElement number) =>
        JsonMarshal.GetRawUtf8Value(number).IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;

    private static int Compare(JsonElement a, JsonElement b) =>
        a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y) ? x.CompareTo(y) : a.GetDouble().CompareTo(b.GetDouble());

    private static bool MultipleOf(JsonElement value, JsonElement divisor)
    {
        if (value.TryGetDecimal(out var x) && divisor.TryGetDecimal(out var d) && d != 0)
        {
            try
            {
                return x % d == 0;
            }
            catch (OverflowException)
            {
                // out of decimal's range: as doubles below
            }
        }
        var q = value.GetDouble() / divisor.GetDouble();
        return double.IsFinite(q) && Math.Abs(q - Math.Round(q)) < 1e-9;
    }

    /// <summary>Whether a string instance matches, read from its UTF-8 where it has no escape (no string made of it).</summary>
    private static bool Matches(Regex regex, JsonElement text)
    {
        var utf8 = JsonMarshal.GetRawUtf8Value(text)[1..^1];
        if (utf8.IndexOf((byte)'\\') >= 0 || utf8.Length > MaxStackText)
            return regex.IsMatch(text.GetString()!);
        Span<char> chars = stackalloc char[utf8.Length]; // never more UTF-16 units than UTF-8 bytes
        return regex.IsMatch(chars[..Encoding.UTF8.GetChars(utf8, chars)]);
    }

    private const int MaxStackText = 512;

    /// <summary>JsonSchema.Net's <c>uuid</c>: <see cref="Guid.TryParseExact(string, string, out Guid)"/> with format D.</summary>
    internal static bool IsUuid(JsonElement text)
    {
        var utf8 = JsonMarshal.GetRawUtf8Value(text)[1..^1];
        if (utf8.IndexOf((byte)'\\') >= 0 || utf8.Length > MaxStackText)
            return Guid.TryParseExact(text.GetString(), "D", out _);
        Span<char> chars = stackalloc char[utf8.Length];
        return Guid.TryParseExact(chars[..Encoding.UTF8.GetChars(utf8, chars)], "D", out _);
    }

    /// <summary>Code points of a string instance: of valid UTF-8 with no escape, the bytes that start one.</summary>
    private static int CodePoints(JsonElement text)
    {
        var utf8 = JsonMarshal.GetRawUtf8Value(text)[1..^1];
        if (utf8.IndexOf((byte)'\\') < 0)
        {
            var points = 0;
            foreach (var b in utf8)
                if ((b & 0xC0) != 0x80)
                    points++;
            return points;
        }
        var s = text.GetString()!;
        var n = 0;
        for (var i = 0; i < s.Length; i++, n++)
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                i++;
        return n;
    }

    private static (int First, int Second)? Duplicate(JsonElement array)
    {
        var items = array.EnumerateArray().ToArray();
        for (var i = 0; i < items.Length; i++)
        for (var j = i + 1; j < items.Length; j++)
            if (JsonEquality.Equal(items[i], items[j]))
                return (i, j);
        return null;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}

/// <summary>JSON equality as JSON Schema defines it: numbers by value, objects whatever the order of their members.</summary>
internal static class JsonEquality
{
    public static bool Equal(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind)
            return false;
        switch (a.ValueKind)
        {
            case JsonValueKind.Number:
                return a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y) ? x == y : a.GetDouble().Equals(b.GetDouble());
            case JsonValueKind.String:
                return a.ValueEquals(b.GetString());
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength())
                    return false;
                using (var left = a.EnumerateArray())
                using (var right = b.EnumerateArray())
                    while (left.MoveNext() && right.MoveNext())
                        if (!Equal(left.Current, right.Current))
                            return false;
                return true;
            case JsonValueKind.Object:
                if (a.GetPropertyCount() != b.GetPropertyCount())
                    return false;
                foreach (var member in a.EnumerateObject())
                    if (!b.TryGetProperty(member.Name, out var other) || !Equal(member.Value, other))
                        return false;
                return true;
            default:
                return true; // null, true, false: the kinds are equal
        }
    }
}

/// <summary>The serializer's view of what the Iglu code writes, generated at build time (no reflection: native builds).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class IgluJson : System.Text.Json.Serialization.JsonSerializerContext;
