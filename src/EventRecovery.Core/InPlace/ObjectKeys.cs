using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace EventRecovery.Core.InPlace;

/// <summary>Checks an object's keys on the line's bytes, without a string per key.</summary>
internal static class ObjectKeys
{
    private const int Compared = 32; // up to this many keys, each is compared with the ones before it

    /// <summary>
    /// Whether two keys of <paramref name="obj"/> are the same, or a key holds an escape (its bytes are then not its
    /// text, so comparing bytes cannot tell).
    /// </summary>
    public static bool HasDuplicateOrEscaped(JsonElement obj)
    {
        if (obj.GetPropertyCount() > Compared)
            return HasDuplicateOrEscapedBySet(obj);
        Span<(int Start, int Length)> seen = stackalloc (int, int)[Compared];
        var count = 0;
        var raw = JsonMarshal.GetRawUtf8Value(obj);
        foreach (var property in obj.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            if (name.IndexOf((byte)'\\') >= 0)
                return true;
            for (var k = 0; k < count; k++)
                if (raw.Slice(seen[k].Start, seen[k].Length).SequenceEqual(name))
                    return true;
            var start = (int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(raw), ref MemoryMarshal.GetReference(name));
            seen[count++] = (start, name.Length);
        }
        return false;
    }

    /// <summary>
    /// Whether a key of <paramref name="obj"/> holds an escape: enough for a document whose parser refused duplicate
    /// keys (a decoded layer).
    /// </summary>
    public static bool HasEscaped(JsonElement obj)
    {
        foreach (var property in obj.EnumerateObject())
            if (JsonMarshal.GetRawUtf8PropertyName(property).IndexOf((byte)'\\') >= 0)
                return true;
        return false;
    }

    private static bool HasDuplicateOrEscapedBySet(JsonElement obj)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            if (JsonMarshal.GetRawUtf8PropertyName(property).IndexOf((byte)'\\') >= 0)
                return true;
            if (!names.Add(property.Name))
                return true;
        }
        return false;
    }
}
