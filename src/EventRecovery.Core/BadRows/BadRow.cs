using System.Text.Json;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.BadRows;

/// <summary>
/// A self-describing bad row read from a line: its schema and its <c>data</c>, over the parsed document (no copy).
/// For a recovery_error row, <see cref="Unwrap"/> gives the bad row it carries.
/// </summary>
public readonly struct BadRow
{
    /// <summary>The schema key, e.g. <c>…badrows/schema_violations/jsonschema/2-0-0</c>.</summary>
    public SchemaKey Schema { get; }

    /// <summary>The <c>data</c> object.</summary>
    public JsonElement Data { get; }

    /// <summary>The whole self-describing JSON (<c>{"schema", "data"}</c>).</summary>
    public JsonElement Json { get; }

    private BadRow(SchemaKey schema, JsonElement data, JsonElement json)
    {
        Schema = schema;
        Data = data;
        Json = json;
    }

    /// <summary>The bad row type, e.g. <c>schema_violations</c>.</summary>
    public string Type => Schema.Name;

    /// <summary>Reads a self-describing bad row; throws <see cref="RowFailure"/> saying why when it is not one.</summary>
    /// <param name="json">The row.</param>
    /// <param name="where">What the row is, for messages.</param>
    /// <param name="keys">Schema keys already read, to reuse; null to parse the schema each time.</param>
    public static BadRow From(JsonElement json, string where = "line", SchemaKeys? keys = null)
    {
        if (json.ValueKind != JsonValueKind.Object)
            throw new RowFailure(
                FailureMessages.NotSelfDescribing(where, $"it is a JSON {json.ValueKind.ToString().ToLowerInvariant()}, not an object")
            );
        if (!json.TryGetProperty("schema", out var schemaElement) || schemaElement.ValueKind != JsonValueKind.String)
            throw new RowFailure(FailureMessages.NotSelfDescribing(where, "no \"schema\" string"));
        string schemaText;
        SchemaKey? schema;
        if (keys is null)
            schema = SchemaKey.TryParse(schemaText = schemaElement.GetString()!);
        else
            schema = keys.Read(schemaElement, out schemaText);
        // A key reused from SchemaKeys comes without its text, which is then the key's own (no escape, no newline).
        string Text() => schemaText.Length == 0 && schema is not null ? schema.ToString() : schemaText;
        if (schema is null || schema.IsPattern)
            throw new RowFailure(FailureMessages.NotSelfDescribing(where, $"\"{Text()}\" is not an iglu schema key"));
        if (schema.Vendor != BadRowTypes.Vendor)
            throw new RowFailure(FailureMessages.NotFromVendor(where, Text(), BadRowTypes.Vendor));
        if (!json.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            throw new RowFailure(FailureMessages.NotSelfDescribing(where, "no \"data\" object"));
        return new BadRow(schema, data, json);
    }

    /// <summary>The number of recoveries already tried (recovery_error rows), 0 otherwise.</summary>
    public int Recoveries =>
        Data.TryGetProperty("recoveries", out var r) && r.ValueKind == JsonValueKind.Number && r.TryGetInt32(out var n) && n >= 0 ? n : 0;

    /// <summary>The bad row inside a recovery_error row; throws <see cref="RowFailure"/> when it holds none.</summary>
    /// <param name="keys">Schema keys already read, to reuse; null to parse the schema each time.</param>
    public BadRow Unwrap(SchemaKeys? keys = null)
    {
        if (!Data.TryGetProperty("payload", out var payload))
            throw new RowFailure(FailureMessages.RecoveryErrorWithoutPayload);
        return From(payload, "the payload of the recovery_error row", keys);
    }
}
