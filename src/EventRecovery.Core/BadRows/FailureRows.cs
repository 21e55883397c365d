using System.Globalization;
using System.Text;
using EventRecovery.Core.Codecs;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Json;

namespace EventRecovery.Core.BadRows;

/// <summary>Builds the bad rows written for lines that were not recovered.</summary>
public sealed class FailureRows(string artifact, string version, TimeProvider clock)
{
    /// <summary>Schema of the rows written for failed and unrecoverable bad rows.</summary>
    public const string RecoveryErrorSchema = "iglu:com.snowplowanalytics.snowplow.badrows/recovery_error/jsonschema/";

    /// <summary>Schema of the rows written for lines that are not bad rows.</summary>
    public const string FormatViolationSchema =
        "iglu:com.snowplowanalytics.snowplow.badrows/collector_payload_format_violation/jsonschema/1-0-0";

    /// <summary>The longest <c>failure.message.error</c> the format violation schema allows.</summary>
    public const int MaxErrorLength = 512;

    // recovery_error 1-0-0 lists the payload schemas it accepts; 1-0-1 adds these.
    // The start of a recovery_error row up to its reason, for each schema version: the same for every row.
    private readonly byte[] _head100 = Head(artifact, version, "1-0-0");
    private readonly byte[] _head101 = Head(artifact, version, "1-0-1");

    private static byte[] Head(string artifact, string version, string schemaVersion)
    {
        var sb = new StringBuilder();
        sb.Append("{\"schema\":\"").Append(RecoveryErrorSchema).Append(schemaVersion).Append("\",\"data\":{");
        AppendProcessor(sb, artifact, version);
        return Encoding.UTF8.GetBytes(sb.Append(",\"failure\":{\"error\":").ToString());
    }

    private static readonly HashSet<string> OnlyIn101 = new(StringComparer.Ordinal)
    {
        "enrichment_failures/jsonschema/2-0-1",
        "loader_iglu_error/jsonschema/2-0-1",
        "schema_violations/jsonschema/2-0-1",
        "tracker_protocol_violations/jsonschema/1-0-1",
    };

    /// <summary>
    /// A recovery_error row wrapping <paramref name="badRowJson"/> (the original self-describing bad row, never a
    /// recovery_error) with the reason, the flow and the number of recoveries tried so far including this one.
    /// </summary>
    public string RecoveryError(
        string badRowJson,
        string innerSchemaName,
        string innerVersion,
        string reason,
        string? configName,
        int recoveries
    ) =>
        RecoveryErrorHead(innerSchemaName, innerVersion, reason, configName, badRowJson.Length)
            .Append(badRowJson)
            .Append(RecoveryErrorTail(recoveries))
            .ToString();

    /// <summary>
    /// <see cref="RecoveryError(string, string, string, string, string?, int)"/> as UTF-8, with the bad row's own bytes
    /// copied in: the line's bytes need not become a string and back (the same bytes as the string's UTF-8).
    /// </summary>
    public byte[] RecoveryErrorUtf8(
        ReadOnlySpan<byte> badRowUtf8,
        string innerSchemaName,
        string innerVersion,
        string reason,
        string? configName,
        int recoveries
    ) => RecoveryErrorUtf8(badRowUtf8, OnlyIn101.Contains($"{innerSchemaName}/jsonschema/{innerVersion}"), reason, configName, recoveries);

    /// <summary>
    /// <see cref="RecoveryErrorUtf8(ReadOnlySpan{byte}, string, string, string, string?, int)"/> for a row of schema
    /// <paramref name="inner"/>: written straight into the one array it returns, as most rows of a real run fail.
    /// </summary>
    internal byte[] RecoveryErrorUtf8(ReadOnlySpan<byte> badRowUtf8, SchemaKey inner, string reason, string? configName, int recoveries) =>
        RecoveryErrorUtf8(badRowUtf8, IsOnlyIn101(inner), reason, configName, recoveries);

    private byte[] RecoveryErrorUtf8(ReadOnlySpan<byte> badRowUtf8, bool v101, string reason, string? configName, int recoveries)
    {
        var head = v101 ? _head101 : _head100;
        var length =
            head.Length
            + CompactJson.QuotedUtf8Length(reason)
            + ConfigNameKey.Length
            + (configName is null ? "null"u8.Length : CompactJson.QuotedUtf8Length(configName))
            + PayloadKey.Length
            + badRowUtf8.Length
            + RecoveriesKey.Length
            + Digits(recoveries)
            + "}}"u8.Length;
        var bytes = GC.AllocateUninitializedArray<byte>(length); // every byte is written
        var at = 0;
        Put(bytes, ref at, head);
        at += CompactJson.WriteQuotedUtf8(bytes.AsSpan(at), reason);
        Put(bytes, ref at, ConfigNameKey);
        if (configName is null)
            Put(bytes, ref at, "null"u8);
        else
            at += CompactJson.WriteQuotedUtf8(bytes.AsSpan(at), configName);
        Put(bytes, ref at, PayloadKey);
        Put(bytes, ref at, badRowUtf8);
        Put(bytes, ref at, RecoveriesKey);
        recoveries.TryFormat(bytes.AsSpan(at), out var digits, provider: CultureInfo.InvariantCulture);
        at += digits;
        Put(bytes, ref at, "}}"u8);
        return at == length ? bytes : throw new InvalidOperationException("recovery_error row length miscounted");
    }

    private static ReadOnlySpan<byte> ConfigNameKey => ",\"configName\":"u8;
    private static ReadOnlySpan<byte> PayloadKey => "},\"payload\":"u8;
    private static ReadOnlySpan<byte> RecoveriesKey => ",\"recoveries\":"u8;

    private static void Put(byte[] bytes, ref int at, ReadOnlySpan<byte> part)
    {
        part.CopyTo(bytes.AsSpan(at));
        at += part.Length;
    }

    private static int Digits(int n)
    {
        var digits = n < 0 ? 2 : 1; // recoveries are never negative; a sign would take its place
        for (n = Math.Abs(n / 10); n > 0; n /= 10)
            digits++;
        return digits;
    }

    /// <summary>Whether recovery_error 1-0-1 is needed for a row of schema <paramref name="inner"/>: 1-0-0 does not list it.</summary>
    private static bool IsOnlyIn101(SchemaKey inner) =>
        inner
            is { Model: "2", Revision: "0", Addition: "1", Name: "enrichment_failures" or "loader_iglu_error" or "schema_violations" }
                or { Model: "1", Revision: "0", Addition: "1", Name: "tracker_protocol_violations" };

    /// <summary>A recovery_error row up to its payload (the wrapped row), with room for <paramref name="payloadLength"/> more.</summary>
    private StringBuilder RecoveryErrorHead(
        string innerSchemaName,
        string innerVersion,
        string reason,
        string? configName,
        int payloadLength
    )
    {
        var schemaVersion = OnlyIn101.Contains($"{innerSchemaName}/jsonschema/{innerVersion}") ? "1-0-1" : "1-0-0";
        var sb = new StringBuilder(payloadLength + reason.Length + 256);
        sb.Append("{\"schema\":\"").Append(RecoveryErrorSchema).Append(schemaVersion).Append("\",\"data\":{");
        AppendProcessor(sb);
        sb.Append(",\"failure\":{\"error\":");
        CompactJson.WriteString(sb, reason);
        sb.Append(",\"configName\":");
        if (configName is null)
            sb.Append("null");
        else
            CompactJson.WriteString(sb, configName);
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

    private void AppendProcessor(StringBuilder sb) => AppendProcessor(sb, artifact, version);

    private static void AppendProcessor(StringBuilder sb, string artifact, string version)
    {
        sb.Append("\"processor\":{\"artifact\":");
        CompactJson.WriteString(sb, artifact);
        sb.Append(",\"version\":");
        CompactJson.WriteString(sb, version);
        sb.Append('}');
    }
}
