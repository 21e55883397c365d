namespace EventRecovery.Core.Payloads;

/// <summary>
/// Typed reads of a payload object, whatever holds it: a <see cref="System.Text.Json.Nodes.JsonNode"/> tree after
/// general steps (<see cref="PayloadReader"/>), or the line's parsed document with the strings the steps changed
/// (<see cref="InPlace.LinePayloadReader"/>). The collector payload is rebuilt by one piece of code over either.
/// A field of the wrong type throws <see cref="Recovery.RowFailure"/>.
/// </summary>
internal interface IPayloadFields<TSelf>
    where TSelf : struct, IPayloadFields<TSelf>
{
    /// <summary>The reader of the nested object <paramref name="name"/>.</summary>
    TSelf Object(string name);

    /// <summary>A string that must be present and not null.</summary>
    string RequiredString(string name);

    /// <summary>A string, or null when the field is missing or null.</summary>
    string? OptionalString(string name);

    /// <summary><see cref="RequiredString"/> for a field carried into the Thrift payload as it is.</summary>
    PayloadText RequiredText(string name);

    /// <summary><see cref="OptionalString"/> for a field carried into the Thrift payload as it is.</summary>
    PayloadText OptionalText(string name);

    /// <summary>An array of strings, carried into the Thrift payload as it is.</summary>
    IReadOnlyList<PayloadText> TextList(string name);

    /// <summary>An ISO-8601 date-time as epoch milliseconds; 0 when absent.</summary>
    long Timestamp(string name);

    /// <summary>A UUID in canonical lower-case form, or null.</summary>
    string? Uuid(string name);

    /// <summary>Checks what <see cref="TextList"/> checks, for a field that is required but not carried.</summary>
    void CheckStringList(string name);

    /// <summary>Checks what <see cref="OptionalString"/> checks, for a field that is read but not carried.</summary>
    void CheckOptionalString(string name);

    /// <summary>A name/value list.</summary>
    List<NameValue> NameValues(string name);

    /// <summary>The name/value list written as a URL-encoded querystring.</summary>
    PayloadText Querystring(string name);
}
