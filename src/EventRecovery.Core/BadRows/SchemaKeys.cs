using System.Runtime.InteropServices;
using System.Text.Json;
using EventRecovery.Core.Configuration;

namespace EventRecovery.Core.BadRows;

/// <summary>
/// The schema keys of bad rows already read, by their bytes: a run meets a handful of distinct bad row schemas
/// millions of times, and parsing one costs a regex match and six strings. Thread-safe; holds at most
/// <see cref="Capacity"/> keys (beyond that, keys are parsed each time).
/// </summary>
public sealed class SchemaKeys
{
    /// <summary>The most keys kept.</summary>
    public const int Capacity = 64;

    private (byte[] Utf8, SchemaKey? Key)[] _known = [];
    private readonly Lock _adding = new();

    /// <summary>The key in the JSON string <paramref name="schema"/> (as <see cref="SchemaKey.TryParse"/> reads it), and its
    /// text.</summary>
    public SchemaKey? Read(JsonElement schema, out string text)
    {
        var raw = JsonMarshal.GetRawUtf8Value(schema)[1..^1];
        var escaped = raw.IndexOf((byte)'\\') >= 0;
        if (!escaped)
        {
            foreach (var (utf8, key) in Volatile.Read(ref _known))
            {
                if (!raw.SequenceEqual(utf8))
                    continue;
                text = key is null ? schema.GetString()! : "";
                return key;
            }
        }
        text = schema.GetString()!;
        var parsed = SchemaKey.TryParse(text);
        if (!escaped && parsed is not null)
            Remember(raw.ToArray(), parsed);
        return parsed;
    }

    private void Remember(byte[] utf8, SchemaKey key)
    {
        lock (_adding)
        {
            var known = _known;
            if (known.Length >= Capacity || known.Any(k => k.Utf8.AsSpan().SequenceEqual(utf8)))
                return;
            Volatile.Write(ref _known, [.. known, (utf8, key)]);
        }
    }
}
