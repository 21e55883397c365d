using System.Globalization;
using System.Text;
using EventRecovery.Core.Codecs;
using EventRecovery.Core.Json;

namespace EventRecovery.Core.BadRows;

/// <summary>Builds the bad rows written for lines that were not recovered.</summary>
public sealed class FailureRows(string artifact, string version, TimeProvider clock)
{
    /// <summary>Schema of the rows written for failed and unrecoverable bad rows.</summary>
    public const string RecoveryErrorSchema = "iglu:com.snowplowanalytics.snowplow.badrows/recovery_error/jsonschema/";

    /// <summary>Schema of the rows written for lines that are not bad rows.</summary>
    public const string FormatViolationSchema = "iglu:com.snowplowanalytics.snowplow.badrows/collector_payload_format_violation/jsonschema/1-0-0";

    /// <summary>The longest <c>failure.message.error</c> the format violation schema allows.</summary>
    public const int MaxErrorLength = 512;

    // recovery_error 1-0-0 lists the payload schemas it accepts; 1-0-1 adds these.
    private static readonly HashSet<string> OnlyIn101 = new(StringComparer.Ordinal)
    {
        "enrichment_failures/jsonschema/2-0-1", "loader_iglu_error/jsonschema/2-0-1",
        "schema_violations/jsonschema/2-0-1", "tracker_protocol_violations/jsonschema/1-0-1",
    };

    /// <summary>
    /// A recovery_error row wrapping <paramref name="badRowJson"/> (the original self-describing bad row, never a
    /// recovery_error) with the reason, the flow and the number of recoveries tried so far including this one.
    /// </summary>
    public string RecoveryError(string badRowJson, string innerSchemaName, string innerVersion, string reason, string? configName, int recoveries) =>
        RecoveryErrorHead(innerSchemaName, innerVersion, reason, configName, badRowJson.Length).Append(badRowJson).Append(RecoveryErrorTail(recoveries)).ToString();

    /// <summary>
    /// <see cref="RecoveryError(string, string, string, string, string?, int)"/> as UTF-8, with the bad row's own bytes
    /// copied in: the line's bytes need not become a string and back (the same bytes as the string's UTF-8).
    /// </summary>
    public byte[] RecoveryErrorUtf8(ReadOnlySpan<byte> badRowUtf8, string innerSchemaName, string innerVersion, string reason, string? configName, int recoveries)
    {
        var head = RecoveryErrorHead(innerSchemaName, innerVersion, reason, configName, 0).ToString();
        var tail = RecoveryErrorTail(recoveries);
        var headLength = Encoding.UTF8.GetByteCount(head);
        var bytes = GC.AllocateUninitializedArray<byte>(headLength + badRowUtf8.Length + tail.Length); // every byte is written
        Encoding.UTF8.GetBytes(head, bytes);
        badRowUtf8.CopyTo(bytes.AsSpan(headLength));
        Encoding.UTF8.GetBytes(tail, bytes.AsSpan(headLength + badRowUtf8.Length));
        return bytes;
    }

    /// <summary>A recovery_error row up to its payload (the wrapped row), with room for <paramref name="payloadLength"/> more.</summary>
    private StringBuilder RecoveryErrorHead(string innerSchemaName, string innerVersion, string reason, string? configName, int payloadLength)
    {
        var schemaVersion = OnlyIn101.Contains($"{innerSchemaName}/jsonschema/{innerVersion}") ? "1-0-1" : "1-0-0";
        var sb = new StringBuilder(payloadLength + reason.Length + 256);
        sb.Append("{\"schema\":\"").Append(RecoveryErrorSchema).Append(schemaVersion).Append("\",\"data\":{");
        AppendProcessor(sb);
        sb.Append(",\"failure\":{\"error\":");
        CompactJson.WriteString(sb, reason);
        sb.Append(",\"configName\":");
        if (configName is null) sb.Append("null");
        else CompactJson.WriteString(sb, configName);
        return sb.Append("},\"payload\":");
    }

    private static string RecoveryErrorTail(int recoveries) => $",\"recoveries\":{recoveries.ToString(CultureInfo.InvariantCulture)}}}}}";

    /// <summary>
    /// A collector_payload_format_violation row holding a line that is not a bad row, as the original writes it, but
    /// valid against the schema: the loader is "ndjson" (the original's "" is not in the schema's enum), and the
    /// reason is cut to the 512 characters <c>message.error</c> allows.
    /// </summary>
    public string FormatViolation(string line, string reason)
    {
        var sb = new StringBuilder(line.Length + reason.Length + 256);
        sb.Append("{\"schema\":\"").Append(FormatViolationSchema).Append("\",\"data\":{");
        AppendProcessor(sb);
        sb.Append(",\"failure\":{\"timestamp\":\"")
            .Append(clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
            .Append("\",\"loader\":\"ndjson\",\"message\":{\"error\":");
        CompactJson.WriteString(sb, Base64Text.Abbreviate(reason, MaxErrorLength));
        sb.Append("}},\"payload\":");
        CompactJson.WriteString(sb, line);
        sb.Append("}}");
        return sb.ToString();
    }

    private void AppendProcessor(StringBuilder sb)
    {
        sb.Append("\"processor\":{\"artifact\":");
        CompactJson.WriteString(sb, artifact);
        sb.Append(",\"version\":");
        CompactJson.WriteString(sb, version);
        sb.Append('}');
    }
}
