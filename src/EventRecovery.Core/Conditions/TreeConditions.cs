using System.Text.Json.Nodes;
using EventRecovery.Core.Json;
using EventRecovery.Core.Paths;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Text;

namespace EventRecovery.Core.Conditions;

/// <summary>
/// Conditions read on a row's tree (the tree engine): each path walked by <see cref="PathWalker"/>, sharing the
/// layers decoded for the row. A path that cannot be walked does not hold; a regex time-out fails the row.
/// </summary>
internal sealed class TreeConditions : IConditionReader<JsonNode?>
{
    private readonly JsonNode? _badRow;
    private readonly DecodedLayers? _layers;
    private readonly Action<JsonNode?> _test;
    private Matcher? _matcher;
    private bool _held;
    private bool _tested;
    private JsonNode? _last;

    /// <summary>Conditions on <paramref name="badRow"/> (the row's data); <paramref name="layers"/>: the row's decoded layers.</summary>
    public TreeConditions(JsonNode? badRow, DecodedLayers? layers)
    {
        _badRow = badRow;
        _layers = layers;
        _test = value =>
        {
            _tested = true;
            _last = value;
            _held = _matcher!.Matches(value); // the last value selected decides, as in the original
        };
    }

    /// <inheritdoc />
    public bool Holds(Condition condition, out bool tested, out JsonNode? last)
    {
        _matcher = condition.Matcher;
        _held = _tested = false;
        _last = null;
        try
        {
            PathWalker.Visit(_badRow, condition.Path, _test, _layers);
        }
        catch (RowFailure e) when (e is not RegexTimeout)
        {
            _held = false;
        }
        tested = _tested;
        last = _last;
        return _held;
    }

    /// <inheritdoc />
    public string Show(JsonNode? value) => CompactJson.Serialize(value);
}
