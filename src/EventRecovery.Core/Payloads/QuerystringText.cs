namespace EventRecovery.Core.Payloads;

/// <summary>
/// A rebuilt querystring: as UTF-8 when it was written as bytes (it goes into the Thrift payload as it is, without
/// a .NET string on the way), or as text when only a string can hold it (a lone surrogate, which the encoder refuses).
/// </summary>
internal readonly record struct QuerystringText(string? Text, byte[]? Utf8)
{
    public static QuerystringText Of(string text) => new(text, null);

    public static QuerystringText Of(byte[] utf8) => new(null, utf8);

    /// <summary>The querystring as text.</summary>
    public override string ToString() => Text ?? (Utf8 is null ? "" : System.Text.Encoding.UTF8.GetString(Utf8));
}
