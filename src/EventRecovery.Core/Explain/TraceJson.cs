using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventRecovery.Core.Explain;

/// <summary>
/// The JSON forms of <see cref="RowTrace"/> and <see cref="DecodedPayload"/> (docs/explain-format.md): camelCase
/// field names, every field written (null included) so the shape never depends on the row, one compact document
/// per line. Serialization is generated at build time: the program ships as native code, without reflection.
/// </summary>
public static class TraceJson
{
    /// <summary>One row's trace as one line of JSON.</summary>
    public static string Write(RowTrace trace) => JsonSerializer.Serialize(trace, TraceJsonContext.Format.RowTrace);

    /// <summary>A decoded payload as one line of JSON.</summary>
    public static string Write(DecodedPayload payload) => JsonSerializer.Serialize(payload, TraceJsonContext.Format.DecodedPayload);

    /// <summary>A trace read back from <see cref="Write(RowTrace)"/>'s JSON (for tools and tests).</summary>
    public static RowTrace? ReadTrace(string json) => JsonSerializer.Deserialize(json, TraceJsonContext.Format.RowTrace);

    /// <summary>A decoded payload read back from <see cref="Write(DecodedPayload)"/>'s JSON.</summary>
    public static DecodedPayload? ReadPayload(string json) => JsonSerializer.Deserialize(json, TraceJsonContext.Format.DecodedPayload);
}

/// <summary>Build-time JSON metadata for the trace records.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RowTrace))]
[JsonSerializable(typeof(DecodedPayload))]
internal sealed partial class TraceJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context with the format's options; values from the rows (non-ASCII text, '&lt;', '+') are written as
    /// they are, not as \uXXXX escapes.
    /// </summary>
    public static TraceJsonContext Format { get; } =
        new(
            new JsonSerializerOptions
            {
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                DefaultIgnoreCondition = JsonIgnoreCondition.Never,
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                // A value found in a row is as deep as the row allows, and sits a few levels down in the trace.
                MaxDepth = 1024,
            }
        );
}
