using System.Text.Json.Nodes;

namespace EventRecovery.Core.Paths;

/// <summary>
/// Encoded JSON layers (<c>ue_pr</c>, <c>cx</c>…) already decoded while working on one row, keyed by the field
/// node that holds the encoded text and by how it was decoded (the same field can be read as base64 through one
/// path and as JSON text through another). The conditions of every flow decode a layer once, and the first step
/// through it changes that tree in place. A step then re-encodes the tree into a new field node and forgets the
/// old one; the next step decodes the new text again, so each step sees exactly what the text holds (a tree can
/// hold what its text cannot: a lone surrogate, a depth over the limit).
/// </summary>
public sealed class DecodedLayers
{
    private Dictionary<(JsonNode Field, CodecLayer Layer), JsonNode?>? _trees;

    internal bool TryGet(JsonNode field, CodecLayer layer, out JsonNode? tree)
    {
        tree = null;
        return _trees is not null && _trees.TryGetValue((field, layer), out tree);
    }

    internal void Add(JsonNode field, CodecLayer layer, JsonNode? tree) => (_trees ??= new(ByReference.Instance))[(field, layer)] = tree;

    internal void Remove(JsonNode field, CodecLayer layer) => _trees?.Remove((field, layer));

    /// <summary>Nodes and layers compared by identity: two equal texts in different fields are different layers.</summary>
    private sealed class ByReference : IEqualityComparer<(JsonNode Field, CodecLayer Layer)>
    {
        public static readonly ByReference Instance = new();

        public bool Equals((JsonNode Field, CodecLayer Layer) x, (JsonNode Field, CodecLayer Layer) y) =>
            ReferenceEquals(x.Field, y.Field) && ReferenceEquals(x.Layer, y.Layer);

        public int GetHashCode((JsonNode Field, CodecLayer Layer) key) =>
            HashCode.Combine(
                System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Field),
                System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Layer)
            );
    }
}
