using System.Buffers;
using System.Text;
using System.Text.Json;
using EventRecovery.Bench.Corpus;

namespace EventRecovery.Bench.Micro;

/// <summary>One generated line of each kind (fixed seed), and pieces of them, for the micro-benchmarks.</summary>
internal static class Fixtures
{
    private static readonly Dictionary<string, byte[]> Lines = Generate();

    private static Dictionary<string, byte[]> Generate()
    {
        var rows = new RowWriter(new Rng(7));
        var lines = new Dictionary<string, byte[]>();
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var kind in RowKinds.All)
        {
            buffer.ResetWrittenCount();
            using (var w = new Utf8JsonWriter(buffer, JsonText.Options))
                rows.Write(kind, w);
            lines[kind.Name] = buffer.WrittenSpan.ToArray();
        }
        return lines;
    }

    public static byte[] Line(string kind) => Lines[kind];

    /// <summary>The <c>data.payload</c> JSON text of a line (what steps work on).</summary>
    public static string PayloadText(string kind)
    {
        using var doc = JsonDocument.Parse(Lines[kind]);
        return doc.RootElement.GetProperty("data").GetProperty("payload").GetRawText();
    }

    /// <summary>The <c>data</c> JSON text of a line (what conditions work on).</summary>
    public static string DataText(string kind)
    {
        using var doc = JsonDocument.Parse(Lines[kind]);
        return doc.RootElement.GetProperty("data").GetRawText();
    }

    public static string Text(string kind) => Encoding.UTF8.GetString(Lines[kind]);
}
