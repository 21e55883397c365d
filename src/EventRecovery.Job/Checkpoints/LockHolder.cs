using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventRecovery.Job.Checkpoints;

/// <summary>
/// Who holds a checkpoint location: one run at a time may use it, or two runs would each write every line and
/// overwrite each other's progress.
/// </summary>
/// <param name="Host">Machine name.</param>
/// <param name="Pid">Process id.</param>
/// <param name="Started">When the run started (UTC).</param>
/// <param name="RunId">The run's id, as in its part file names.</param>
/// <param name="Expires">For a lease (S3): when it lapses unless renewed; <c>null</c> for an OS lock, released when the process
/// ends.</param>
public sealed record LockHolder(string Host, int Pid, DateTimeOffset Started, string RunId, DateTimeOffset? Expires = null)
{
    /// <summary>This process, for a run with id <paramref name="runId"/>.</summary>
    public static LockHolder Current(string runId) => new(Environment.MachineName, Environment.ProcessId, DateTimeOffset.UtcNow, runId);

    /// <summary>For messages: host, pid, start, and expiry when there is one.</summary>
    public string Describe()
    {
        var ci = CultureInfo.InvariantCulture;
        var text = $"run {RunId} on host {Host}, pid {Pid}, started {Started.ToString("u", ci)}";
        return Expires is { } e ? text + $"; its lease expires {e.ToString("u", ci)} unless that run renews it" : text;
    }

    /// <summary>As stored beside the checkpoint.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, LockHolderJson.Default.LockHolder);

    /// <summary>Reads a holder; <c>null</c> when the text is not one.</summary>
    public static LockHolder? TryParse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, LockHolderJson.Default.LockHolder);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The serializer's view of <see cref="LockHolder"/>, generated at build time (the native build reads it too).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull
)]
[JsonSerializable(typeof(LockHolder))]
internal sealed partial class LockHolderJson : JsonSerializerContext;

/// <summary>A checkpoint location another run holds (exit 2): the message names the holder.</summary>
public sealed class CheckpointLockedException(string message) : Exception(message);
