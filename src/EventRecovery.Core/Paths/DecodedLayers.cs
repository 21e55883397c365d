using System.Text.Json.Nodes;

namespace EventRecovery.Core.Paths;

/// <summary>
/// Encoded JSON layers (<c>ue_pr</c>, <c>cx</c>…) already decoded while reading one row, so that the conditions of
/// every flow do not each decode and parse them again. Only for reading: steps change layers and re-encode them.
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
