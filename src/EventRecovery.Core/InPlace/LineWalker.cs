using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.Conditions;
using EventRecovery.Core.Json;
using EventRecovery.Core.Paths;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Steps;

namespace EventRecovery.Core.InPlace;

/// <summary>
/// Walks a <see cref="JsonPath"/> over the line's parsed document with the rules of <see cref="PathWalker"/>
/// (parameter lists, filters, encoded layers), without opening a node for what it passes.
/// <list type="bullet">
/// <item>Reading (conditions): an encoded layer is decoded into a parsed document and walked the same way; a path
/// that does not exist returns false rather than throwing, as most conditions of most flows do not hold.</item>
/// <item>Changing (steps): in the line itself a step may change only strings (or nulls); anything else throws
/// <see cref="NotInPlace"/>. An encoded layer is decoded into a parsed document, the rest of the path is walked
/// there, the values it reaches changed (any kind: they are written as the layer's new text,
/// <see cref="LayerChanges"/>), and that text goes into <see cref="LineEdits"/>. A missing path in the line, or a
/// value the step cannot change, is the row's failure, returned as a value (the tree's words, from
/// <see cref="FailureMessages"/>); a missing path inside a layer, a layer inside a layer or a parameter list inside
/// a layer are left to the tree (<see cref="NotInPlace"/>).</item>
/// </list>
/// </summary>
internal struct LineWalker
{
    private readonly JsonPath _path;
    private readonly IReadOnlyList<PathSegment> _segments;
    private readonly Matcher? _matcher;
    private bool _matched;
    private bool _tested; // the matcher tested a value, the last being _last (for a reason naming it)
    private JsonElement _last;
    private bool _changed; // a step changed a value it selected (UnchangedStep.Same)
    private string? _failure; // why the step fails the row
    private readonly Step? _step;
    private readonly LineEdits _edits;
    private readonly LayerChanges? _layer; // a step's walk inside a decoded layer

    private LineWalker(JsonPath path, Matcher? matcher, Step? step, LineEdits edits, LayerChanges? layer = null)
    {
        _layer = layer;
        _path = path;
        _segments = path.Segments;
        _matcher = matcher;
        _step = step;
        _edits = edits;
    }

    /// <summary>
    /// Tests each value the path selects with <paramref name="matcher"/>, in document order, and gives the result of
    /// the last (as a condition on a tree does); false when the path does not exist or a layer on it does not decode
    /// (perhaps after some tests, as on a tree, where the walk stops there). A regex time-out fails the row by its
    /// exception. Reading happens before any step changes the line.
    /// </summary>
    public static bool Matches(JsonElement root, JsonPath path, Matcher matcher, LineEdits edits) =>
        Matches(root, path, matcher, edits, out _, out _);

    /// <summary>
    /// <see cref="Matches(JsonElement, JsonPath, Matcher, LineEdits)"/>; <paramref name="tested"/>: whether the matcher
    /// tested any value, the last being <paramref name="last"/> (undefined for a missing parameter value, a null).
    /// </summary>
    public static bool Matches(JsonElement root, JsonPath path, Matcher matcher, LineEdits edits, out bool tested, out JsonElement last)
    {
        var walker = new LineWalker(path, matcher, step: null, edits);
        bool held;
        try
        {
            held = walker.Run(root, 0, default, inLine: true) && walker._matched;
        }
        catch (RowFailure e) when (e is not Text.RegexTimeout)
        {
            held = false; // a layer that does not decode: the condition does not hold, as on a tree
        }
        tested = walker._tested;
        last = walker._last;
        return held;
    }

    /// <summary>
    /// Replaces each value <paramref name="step"/>'s path selects by the step's change, recorded in
    /// <paramref name="edits"/>. Returns whether any selected value came out different from what it was, decided as on
    /// a tree (<see cref="UnchangedStep.Same"/>); <paramref name="failure"/>: why the row fails (a path that does not
    /// exist, a value the step cannot change), in the tree's words; the edits are then partly made.
    /// </summary>
    public static bool Transform(JsonElement root, Step step, LineEdits edits, out string? failure)
    {
        var walker = new LineWalker(step.Path, matcher: null, step, edits);
        walker.Run(root, 0, default, inLine: true);
        failure = walker._failure;
        return walker._changed;
    }

    private bool Reading => _matcher is not null;

    // inLine: the node is in the line's document (not in a decoded layer), where keys are checked and edits apply.
    private bool Run(JsonElement node, int i, PathContext ctx, bool inLine)
    {
        if (i == _segments.Count)
            return Leaf(node, inLine);
        switch (_segments[i])
        {
            case FilterSegment filter:
                return RunFilter(node, filter, i, ctx, inLine);
            case IndexSegment index:
                if (node.ValueKind != JsonValueKind.Array)
                    return !Reading && Missing(i, FailureMessages.NotAnArray(Describe(node, inLine)));
                if (index.Index >= node.GetArrayLength())
                    return !Reading && Missing(i + 1, FailureMessages.IndexPastEnd(node.GetArrayLength()));
                return Run(node[index.Index], i + 1, ctx, inLine);
            case FieldSegment field:
                return RunField(node, field, i, ctx, inLine);
            default:
                throw new InvalidOperationException("unknown path segment");
        }
    }

    /// <summary>Tests or changes one selected value; false when the step fails the row there.</summary>
    private bool Leaf(JsonElement node, bool inLine)
    {
        if (_matcher is not null)
        {
            Test(node);
            return true;
        }
        if (_layer is not null)
        {
            // Recorded even when the step gives back the same node: it may have changed it (Add merges into an object).
            var after = _step!.TryChange(NodeOf(node), out _failure);
            if (_failure is not null)
                return false;
            if (!_changed)
                _changed = !Unchanged(node, after);
            _layer.Add(node, after);
            return true;
        }
        JsonNode? current;
        var edited = _edits.TryGetString(node, out var text);
        if (edited)
            current = JsonValue.Create(text);
        else if (node.ValueKind == JsonValueKind.String)
            current = JsonValue.Create(node);
        else if (node.ValueKind == JsonValueKind.Null)
            current = null;
        else
            throw new NotInPlace($"a step at {_path} changes a {node.ValueKind} of the line");
        var result = _step!.TryChange(current, out _failure);
        if (_failure is not null)
            return false;
        if (ReferenceEquals(result, current))
            return true; // unchanged
        var written = JsonKinds.AsString(result) ?? throw new NotInPlace($"a step at {_path} puts a value that is not a string");
        // A string for a string: equal when its characters are (as on a tree); a null made a string is a change.
        if (!_changed)
            _changed = current is null || !(edited ? text == written : node.ValueEquals(written));
        _edits.SetString(node, written);
        return true;
    }

    /// <summary>
    /// Whether a step left a layer's value <paramref name="before"/> as it was (<see cref="UnchangedStep.Same"/>): another
    /// kind is a change, a string is compared without a node; anything else is compared with a fresh node of the value,
    /// as the step may have changed the one it was given (Add merges into an object).
    /// </summary>
    private static bool Unchanged(JsonElement before, JsonNode? after)
    {
        var kind = JsonKinds.KindOf(after);
        if (kind != (before.ValueKind == JsonValueKind.Undefined ? JsonValueKind.Null : before.ValueKind))
            return false;
        if (kind == JsonValueKind.String)
            return before.ValueEquals(JsonKinds.AsString(after));
        return UnchangedStep.Same(NodeOf(before), after);
    }

    private bool RunFilter(JsonElement node, FilterSegment filter, int i, PathContext ctx, bool inLine)
    {
        if (node.ValueKind != JsonValueKind.Array)
            return !Reading && Missing(i, FailureMessages.FilterNeedsArray(Describe(node, inLine), filter));
        var inner = ctx.After(filter);
        var matched = false;
        foreach (var element in node.EnumerateArray())
        {
            if (!Selects(filter, element, inLine))
                continue;
            matched = true;
            if (!Run(element, i + 1, inner, inLine))
                return false;
        }
        return matched || Missing(i + 1, FailureMessages.MatchesNoElement);
    }

    /// <summary>
    /// <see cref="FilterSegment.Selects(JsonNode?)"/> on a parsed document: what a tree would decide, or the tree decides.
    /// </summary>
    private bool Selects(FilterSegment filter, JsonElement element, bool inLine) =>
        filter.Selects(element, inLine ? _edits : null, _layer is not null ? FilterKeys.NoEscaped : FilterKeys.Any, printsEscaped: true)
        ?? throw new NotInPlace($"the filter {filter} needs a tree here");

    private bool RunField(JsonElement node, FieldSegment field, int i, PathContext ctx, bool inLine)
    {
        var name = field.Name;
        if (field.Utf8Name is null)
            throw new NotInPlace($"the path {_path} names a field with a lone surrogate");
        if (_layer is not null && (ctx.IsBase64(field) || ctx.IsJsonText(field) || ctx.IsNameValueList(field)))
            throw new NotInPlace($"a step at {_path} walks a layer or a parameter list inside a layer");
        if (ctx.IsBase64(field))
            return RunLayer(node, name, field.Utf8Name, CodecLayer.Base64Json, i, null, inLine);

        if (ctx.IsNameValueList(field) && i + 1 < _segments.Count && _segments[i + 1] is FieldSegment parameter)
        {
            if (!Child(node, name, field.Utf8Name, i, inLine, out var list))
                return false;
            if (list.ValueKind == JsonValueKind.Array)
            {
                if (FindParameter(list, parameter, inLine) is not { } element)
                    return !Reading && Missing(i + 2, FailureMessages.NoParameter(parameter.Name));
                // "parameters.ue_pr" addresses the value of the parameter named ue_pr.
                if (ctx.IsBase64(parameter) || ctx.IsJsonText(parameter))
                {
                    var layer = ctx.IsBase64(parameter) ? CodecLayer.Base64Json : CodecLayer.JsonText;
                    return RunLayer(element, "value", "value"u8, layer, i + 1, i + 2, inLine);
                }
                // A tree opens the pair here, reading every key (one holding an escaped lone surrogate fails the row).
                if (inLine)
                    _edits.CheckKeys(element);
                if (!element.TryGetProperty("value", out var value))
                {
                    // A tree reads the missing value as null; a step would add it, which is not a change in place.
                    if (!Reading)
                        throw new NotInPlace($"a step at {_path} adds a parameter value");
                    if (i + 2 != _segments.Count)
                        return Missing(i + 2, FailureMessages.IsNull);
                    Test(default); // a missing value: null on a tree
                    return true;
                }
                return Run(value, i + 2, ctx.After(field).After(parameter), inLine);
            }
        }

        if (ctx.IsJsonText(field))
            return RunLayer(node, name, field.Utf8Name, CodecLayer.JsonText, i, null, inLine);

        return Child(node, name, field.Utf8Name, i, inLine, out var child) && Run(child, i + 1, ctx.After(field), inLine);
    }

    private bool RunLayer(
        JsonElement node,
        string name,
        ReadOnlySpan<byte> utf8Name,
        CodecLayer layer,
        int i,
        int? wherePrefix,
        bool inLine
    )
    {
        if (!Child(node, name, utf8Name, i, inLine, out var field))
            return false;
        var from = wherePrefix ?? i + 1;
        // The document of the layer's current text: decoded by the conditions (or an earlier read), or decoded here.
        if (!inLine || !_edits.TryGetDecoded(field, layer, out var decoded))
        {
            decoded = DecodeLayer(field, layer, from, inLine, out var rented);
            if (inLine)
                _edits.AddDecoded(field, layer, decoded, rented);
            else
                _edits.Keep(decoded, rented);
        }
        if (Reading)
            return Run(decoded.RootElement, from, default, inLine: false);
        // Only the line's own layers get here: a layer inside a layer was left to the tree above.
        using var changes = new LayerChanges(decoded.RootElement);
        var inner = new LineWalker(_path, matcher: null, _step, _edits, changes);
        if (!inner.Run(decoded.RootElement, from, default, inLine: false))
        {
            _failure = inner._failure;
            return false;
        }
        _changed |= inner._changed;
        _edits.SetUtf8(field, layer.EncodeCompactUtf8(changes.Write()));
        return true;
    }

    /// <summary>
    /// The document <paramref name="layer"/> decodes from <paramref name="field"/>: from the string's bytes when no
    /// step changed it (most rows), from the UTF-8 a step wrote back, or else (and when those cannot tell) from its
    /// text, which names any failure. <paramref name="rented"/>: the pooled buffer the document reads, if any.
    /// </summary>
    private JsonDocument DecodeLayer(JsonElement field, CodecLayer layer, int from, bool inLine, out byte[]? rented)
    {
        rented = null;
        JsonDocument? fromBytes = null;
        if (inLine && _edits.IsChanged(field))
        {
            if (_edits.TryGetUtf8(field, out var written))
                fromBytes = layer.TryDecodeValue(written, out rented);
        }
        else if (field.ValueKind == JsonValueKind.String)
        {
            fromBytes = layer.TryDecodeDocument(JsonMarshal.GetRawUtf8Value(field), out rented);
        }
        return fromBytes ?? layer.DecodeDocument(TextOf(field, inLine), field.ValueKind, _path, from);
    }

    /// <summary>The value of field <paramref name="name"/>; false (or a throw, for a step) when it is missing.</summary>
    private bool Child(JsonElement node, string name, ReadOnlySpan<byte> utf8Name, int i, bool inLine, out JsonElement child)
    {
        child = default;
        if (node.ValueKind != JsonValueKind.Object)
            return !Reading && Missing(i, FailureMessages.NoField(Describe(node, inLine), name));
        if (inLine)
            _edits.CheckKeys(node);
        else if (_layer is not null)
            CheckLayerKeys(node);
        return node.TryGetProperty(utf8Name, out child) || Missing(i + 1, FailureMessages.DoesNotExist);
    }

    private JsonElement? FindParameter(JsonElement list, FieldSegment parameter, bool inLine)
    {
        if (!inLine)
            return ScanParameters(list, parameter, inLine);
        if (_edits.TryGetParameter(list, parameter.Name, out var known))
            return known;
        var found = ScanParameters(list, parameter, inLine);
        _edits.AddParameter(list, parameter.Name, found);
        return found;
    }

    private JsonElement? ScanParameters(JsonElement list, FieldSegment parameter, bool inLine)
    {
        if (parameter.Utf8Name is null)
            throw new NotInPlace($"the path {_path} names a parameter with a lone surrogate");
        foreach (var item in list.EnumerateArray())
        {
            if (!NameValueElement.TryRead(item, out var pair))
                throw new NotInPlace("a parameter is not a plain name/value pair");
            var same =
                inLine && _edits.TryGetString(pair.Name, out var changed)
                    ? changed == parameter.Name
                    : JsonMarshal.GetRawUtf8Value(pair.Name)[1..^1].SequenceEqual(parameter.Utf8Name); // a pair's name holds no escape
            if (same)
                return item;
        }
        return null;
    }

    /// <summary>The text of a string value (a string changed by a step included), or null.</summary>
    private string? TextOf(JsonElement value, bool inLine)
    {
        if (inLine && _edits.TryGetString(value, out var text))
            return text;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    /// <summary>The value as a tree would hold it; an undefined element (a missing value) is null.</summary>
    public static JsonNode? NodeOf(JsonElement value) =>
        value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Object => JsonObject.Create(value),
            JsonValueKind.Array => JsonArray.Create(value),
            JsonValueKind.Undefined => null,
            _ => JsonValue.Create(value),
        };

    /// <summary>The matcher's test of one selected value; an undefined element is a missing value (null).</summary>
    private void Test(JsonElement value)
    {
        _tested = true;
        _last = value;
        _matched = _matcher!.TryMatch(value) ?? _matcher.Matches(NodeOf(value));
    }

    /// <summary>The kind of a value for messages: a null a step made a string is a string.</summary>
    private string Describe(JsonElement value, bool inLine) =>
        JsonKinds.Describe(inLine && _edits.IsChanged(value) ? JsonValueKind.String : value.ValueKind);

    /// <summary>
    /// A path that does not exist: false when reading; when changing, false with the row's failure noted (inside a
    /// layer, the tree's). Callers that build <paramref name="what"/> do it only when changing: most conditions of most
    /// flows do not hold, and their walks must not pay for words nobody reads.
    /// </summary>
    private bool Missing(int segments, string what)
    {
        if (Reading)
            return false;
        if (_layer is not null)
            throw new NotInPlace($"a step at {_path} finds no value in a layer");
        _failure = FailureMessages.PathNotFound(_path.Text, _path.Prefix(segments), what);
        return false;
    }

    /// <summary>
    /// Inside a layer a step reads keys as a tree does only when none is escaped (the document parser refused
    /// duplicates already).
    /// </summary>
    private static void CheckLayerKeys(JsonElement obj)
    {
        if (ObjectKeys.HasEscaped(obj))
            throw new NotInPlace("a layer's object has an escaped key");
    }
}
