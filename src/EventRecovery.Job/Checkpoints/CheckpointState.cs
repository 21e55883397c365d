using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace EventRecovery.Job.Checkpoints;

/// <summary>How far one split is durably done.</summary>
/// <param name="Offset">Offset (in the object's decoded bytes) up to which every line's output is durable.</param>
/// <param name="Line">Number of the last line before <paramref name="Offset"/>.</param>
/// <param name="Done">Whether the whole split is done.</param>
/// <param name="Corrupt">Set when the split broke off (a corrupt or unreadable input): why, and where. Such a split is
/// done: its lines before the break were processed, and a rerun does not try it again unless restarted.</param>
public sealed record SplitCheckpoint(long Offset, long Line, bool Done, string? Corrupt = null);

/// <summary>
/// The committed progress of one shard of a run: per input split, the offset up to which outputs are durable.
/// <see cref="Fingerprint"/> ties it to the run's arguments, so a different run cannot resume from it by mistake.
/// </summary>
public sealed record CheckpointState
{
    /// <summary>Format version.</summary>
    public int Version { get; init; } = 1;

    /// <summary>Digest of what defines the run: config, outputs, shard and the list of splits.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Progress per split id.</summary>
    public required Dictionary<string, SplitCheckpoint> Splits { get; init; }

    /// <summary>When it was written (UTC).</summary>
    public DateTimeOffset Updated { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = CheckpointStateJson.Default, // generated at build time: no reflection, so a native build reads it too
    };

    private static JsonTypeInfo<CheckpointState> TypeInfo => (JsonTypeInfo<CheckpointState>)Json.GetTypeInfo(typeof(CheckpointState));

    /// <summary>The state as JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, TypeInfo);

    /// <summary>Reads a state; throws <see cref="CheckpointException"/> when the text is not one.</summary>
    public static CheckpointState Parse(string json, string where)
    {
        try
        {
            return JsonSerializer.Deserialize(json, TypeInfo) ?? throw new CheckpointException($"{where} is empty");
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{where} is not a checkpoint: {e.Message}");
        }
    }
}

/// <summary>The serializer's view of <see cref="CheckpointState"/>, generated at build time.</summary>
[JsonSerializable(typeof(CheckpointState))]
internal sealed partial class CheckpointStateJson : JsonSerializerContext;
