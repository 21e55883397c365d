using System.Text;

namespace EventRecovery.Core.Payloads;

/// <summary>
/// A string field of a collector payload as it was read: text, or the UTF-8 bytes a line held it as (no escape in
/// them), which the Thrift encoder copies as they are. Recovery in place reads most fields this way, so a row's
/// payload fields become no .NET strings on their way from the line to the Thrift bytes. The bytes are a view of
/// the line: valid while the line is, which is while the core recovers it.
/// </summary>
internal readonly struct PayloadText
{
    private PayloadText(string? text, ReadOnlyMemory<byte> utf8, bool isUtf8)
    {
        Text = text;
        Utf8 = utf8;
        IsUtf8 = isUtf8;
    }

    /// <summary>The text, unless the field is held as UTF-8 (<see cref="IsUtf8"/>).</summary>
    public string? Text { get; }

    /// <summary>The field's UTF-8, when <see cref="IsUtf8"/>.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; }

    /// <summary>Whether the field is held as UTF-8 rather than text.</summary>
    public bool IsUtf8 { get; }

    /// <summary>Whether there is no value (a missing or null field).</summary>
    public bool IsNull => Text is null && !IsUtf8;

    /// <summary>A field held as text; null for no value.</summary>
    public static PayloadText Of(string? text) => new(text, default, false);

    /// <summary>A field held as valid UTF-8.</summary>
    public static PayloadText OfUtf8(ReadOnlyMemory<byte> utf8) => new(null, utf8, true);

    /// <summary>The field as text (made from the UTF-8 when held so); null for no value.</summary>
    public string? AsString() => IsUtf8 ? Encoding.UTF8.GetString(Utf8.Span) : Text;

    /// <summary>The field as text; empty for no value.</summary>
    public override string ToString() => AsString() ?? "";
}
