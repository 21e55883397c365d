using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EventRecovery.Bench.Corpus;

/// <summary>Compact JSON written with <see cref="Utf8JsonWriter"/>, escaping like Snowplow's own writers (minimal).</summary>
internal static class JsonText
{
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    /// <summary>The JSON text that <paramref name="write"/> produces (for JSON carried inside a string).</summary>
    public static string Of(Action<Utf8JsonWriter> write) => Encoding.UTF8.GetString(Bytes(write));

    public static byte[] Bytes(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, Options))
            write(w);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Base64 of the UTF-8 JSON, as trackers send <c>cx</c> and <c>ue_px</c>.</summary>
    public static string Base64(Action<Utf8JsonWriter> write) => Convert.ToBase64String(Bytes(write));

    public static void NameValues(Utf8JsonWriter w, string property, IEnumerable<(string Name, string? Value)> items)
    {
        w.WriteStartArray(property);
        foreach (var (name, value) in items)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            if (value is null)
                w.WriteNull("value");
            else
                w.WriteString("value", value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void Strings(Utf8JsonWriter w, string property, IEnumerable<string> items)
    {
        w.WriteStartArray(property);
        foreach (var s in items)
            w.WriteStringValue(s);
        w.WriteEndArray();
    }

    public static void StringOrNull(Utf8JsonWriter w, string property, string? value)
    {
        if (value is null)
            w.WriteNull(property);
        else
            w.WriteString(property, value);
    }
}
