using System.Text.Json.Nodes;
using EventRecovery.Core.Json;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Paths;

/// <summary>
/// Walks a <see cref="JsonPath"/> through a JSON tree, including name/value parameter lists and encoded JSON
/// layers, and calls a function on every value the path selects.
/// </summary>
public static class PathWalker
{
    /// <summary>
    /// Replaces each selected value by <paramref name="transform"/>'s result, re-encoding the layers on the way out,
    /// and returns the new root. Throws <see cref="RowFailure"/> when the path does not exist.
    /// </summary>
    /// <param name="root">Where the path starts.</param>
    /// <param name="path">The path.</param>
    /// <param name="transform">The new value for each selected value.</param>
    /// <param name="layers">
    /// Layers already decoded for this row (by the conditions): a layer found there is changed in place rather than
    /// decoded again, then forgotten, as its field now holds the re-encoded text. Null to decode each time.
    /// </param>
    public static JsonNode? Transform(JsonNode? root, JsonPath path, Func<JsonNode?, JsonNode?> transform, DecodedLayers? layers = null) =>
        Transform(root, path, transform, layers, out _);

    /// <summary>
    /// <see cref="Transform(JsonNode?, JsonPath, Func{JsonNode?, JsonNode?}, DecodedLayers?)"/>; <paramref name="changed"/>
    /// tells whether any selected value came out different from what it was (<see cref="UnchangedStep.Same"/>).
    /// </summary>
    internal static JsonNode? Transform(
        JsonNode? root,
        JsonPath path,
        Func<JsonNode?, JsonNode?> transform,
        DecodedLayers? layers,
        out bool changed
    )
    {
        var walk = new Walk(path, transform, writeBack: true, layers);
        var result = walk.Run(root, 0, default);
        changed = walk.Changed;
        return result;
    }

    /// <summary>
    /// Calls <paramref name="visit"/> on each selected value, in document order, without changing the tree.
    /// Throws <see cref="RowFailure"/> when the path does not exist.
    /// </summary>
    /// <param name="root">Where the path starts.</param>
    /// <param name="path">The path.</param>
    /// <param name="visit">Called on each selected value.</param>
    /// <param name="layers">Encoded layers already decoded for this row, shared by several visits; null to decode each time.</param>
    public static void Visit(JsonNode? root, JsonPath path, Action<JsonNode?> visit, DecodedLayers? layers = null) =>
        new Walk(
            path,
            node =>
            {
                visit(node);
                return node;
            },
            writeBack: false,
            layers
        ).Run(root, 0, default);

    private sealed class Walk(JsonPath path, Func<JsonNode?, JsonNode?> fn, bool writeBack, DecodedLayers? layers)
    {
        private readonly IReadOnlyList<PathSegment> _segments = path.Segments;

        /// <summary>Whether a selected value came out different (a changing walk).</summary>
        public bool Changed { get; private set; }

        public JsonNode? Run(JsonNode? node, int i, PathContext ctx)
        {
            if (i == _segments.Count)
                return writeBack ? Change(node) : fn(node);
            switch (_segments[i])
            {
                case FilterSegment filter:
                    return RunFilter(node, filter, i, ctx);
                case IndexSegment index:
                    if (node is not JsonArray array)
                        throw Missing(i, FailureMessages.NotAnArray(JsonKinds.Describe(node)));
                    if (index.Index >= array.Count)
                        throw Missing(i + 1, FailureMessages.IndexPastEnd(array.Count));
                    Set(array, index.Index, array[index.Index], Run(array[index.Index], i + 1, ctx));
                    return node;
                case FieldSegment field:
                    return RunField(node, field.Name, i, ctx);
                default:
                    throw new InvalidOperationException("unknown path segment");
            }
        }

        /// <summary>The new value of one selected value, noting whether it differs from the old.</summary>
        private JsonNode? Change(JsonNode? node)
        {
            if (Changed)
                return fn(node);
            // Add changes an object or an array in place: what it was is kept to compare with. One that cannot be
            // copied (a duplicate key in the line) counts as changed: what it was cannot be told.
            JsonNode? before;
            try
            {
                before = node is JsonObject or JsonArray ? node.DeepClone() : node;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                Changed = true;
                return fn(node);
            }
            var after = fn(node);
            Changed = !UnchangedStep.Same(before, after);
            return after;
        }

        private JsonNode? RunFilter(JsonNode? node, FilterSegment filter, int i, PathContext ctx)
        {
            if (node is not JsonArray array)
                throw Missing(i, FailureMessages.FilterNeedsArray(JsonKinds.Describe(node), filter));
            var inner = ctx.After(filter);
            var matched = false;
            for (var k = 0; k < array.Count; k++)
            {
                if (!filter.Selects(array[k]))
                    continue;
                matched = true;
                Set(array, k, array[k], Run(array[k], i + 1, inner));
            }
            if (!matched)
                throw Missing(i + 1, FailureMessages.MatchesNoElement);
            return node;
        }

        private JsonNode? RunField(JsonNode? node, string name, int i, PathContext ctx)
        {
            if (ctx.IsBase64(name))
                return RunLayer(node, name, CodecLayer.Base64Json, i);

            if (
                ctx.IsNameValueList(name)
                && i + 1 < _segments.Count
                && _segments[i + 1] is FieldSegment parameter
                && Child(node, name, i) is JsonArray list
            )
            {
                var found = FindParameter(list, parameter.Name);
                if (found is { } element)
                {
                    // "parameters.ue_pr" addresses the value of the parameter named ue_pr.
                    if (ctx.IsBase64(parameter.Name) || ctx.IsJsonText(parameter.Name))
                    {
                        var layer = ctx.IsBase64(parameter.Name) ? CodecLayer.Base64Json : CodecLayer.JsonText;
                        RunLayer(element, "value", layer, i + 1, wherePrefix: i + 2);
                        return node;
                    }
                    Set(element, "value", element["value"], Run(element["value"], i + 2, ctx.After(name).After(parameter.Name)));
                    return node;
                }
                throw Missing(i + 2, FailureMessages.NoParameter(parameter.Name));
            }

            if (ctx.IsJsonText(name))
                return RunLayer(node, name, CodecLayer.JsonText, i);

            var child = Child(node, name, i);
            Set((JsonObject)node!, name, child, Run(child, i + 1, ctx.After(name)));
            return node;
        }

        private JsonNode? RunLayer(JsonNode? node, string name, CodecLayer layer, int i, int? wherePrefix = null)
        {
            var field = Child(node, name, i);
            JsonNode? decoded;
            if (layers is not null && field is not null && layers.TryGet(field, layer, out var known))
            {
                decoded = known;
            }
            else
            {
                decoded = layer.Decode(field, path, wherePrefix ?? i + 1);
                // Read-only walks (conditions) keep what they decode; the first step through the field takes it over.
                if (!writeBack && layers is not null && field is not null)
                    layers.Add(field, layer, decoded);
            }
            var result = Run(decoded, wherePrefix ?? i + 1, default);
            if (writeBack)
            {
                Set((JsonObject)node!, name, field, layer.Encode(result));
                // The tree was changed in place: it no longer matches the old text, and the next step decodes the new one.
                if (field is not null)
                    layers?.Remove(field, layer);
            }
            return node;
        }

        /// <summary>The value of field <paramref name="name"/>; a missing field is a failure.</summary>
        private JsonNode? Child(JsonNode? node, string name, int i)
        {
            if (node is not JsonObject obj)
                throw Missing(i, FailureMessages.NoField(JsonKinds.Describe(node), name));
            if (!obj.TryGetPropertyValue(name, out var child))
                throw Missing(i + 1, FailureMessages.DoesNotExist);
            return child;
        }

        private static JsonObject? FindParameter(JsonArray list, string name)
        {
            foreach (var item in list)
            {
                // Compared on the line's bytes while the pair is unopened, so the pairs passed over stay so.
                if (NameValueElement.TryRead(item, out var pair))
                {
                    if (pair.Name.ValueEquals(name))
                        return (JsonObject)item!;
                    continue;
                }
                if (item is JsonObject nvp && JsonKinds.AsString(nvp["name"]) == name)
                    return nvp;
            }
            return null;
        }

        private void Set(JsonObject parent, string name, JsonNode? old, JsonNode? replacement)
        {
            if (!writeBack || ReferenceEquals(old, replacement))
                return;
            parent[name] = Detached(replacement);
        }

        private void Set(JsonArray parent, int index, JsonNode? old, JsonNode? replacement)
        {
            if (!writeBack || ReferenceEquals(old, replacement))
                return;
            parent[index] = Detached(replacement);
        }

        private static JsonNode? Detached(JsonNode? node) => node?.Parent is null ? node : node.DeepClone();

        private PathNotFound Missing(int segments, string what) => new(path.Text, path.Prefix(segments), what);
    }
}
