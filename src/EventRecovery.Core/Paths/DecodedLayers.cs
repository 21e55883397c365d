using System.Text.Json.Nodes;

namespace EventRecovery.Core.Paths;

/// <summary>
/// Encoded JSON layers (<c>ue_pr</c>, <c>cx</c>…) already decoded while working on one row, keyed by the field
/// node that holds the encoded text: the conditions of every flow, then the steps, each decode a layer once.
/// A step changes the tree in place, re-encodes it into a new field node and records that node with the tree,
/// so a tree here always matches the text of the field it is keyed by (conditions all run before any step).
/// </summary>
public sealed class DecodedLayers
{
    private Dictionary<JsonNode, JsonNode?>? _trees;

    internal bool TryGet(JsonNode field, out JsonNode? tree)
    {
        tree = null;
        return _trees is not null && _trees.TryGetValue(field, out tree);
    }

    internal void Add(JsonNode field, JsonNode? tree) =>
        (_trees ??= new Dictionary<JsonNode, JsonNode?>(ReferenceEqualityComparer.Instance))[field] = tree;
}
