using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using EventRecovery.Core.Paths;

namespace EventRecovery.Core.InPlace;

/// <summary>
/// Everything recovery in place keeps about one line besides its parsed document: the strings the steps changed,
/// the objects already checked for duplicate keys, and the documents decoded from encoded layers. A value is known
/// by where it starts in the line, which no other value shares.
/// </summary>
internal sealed class LineEdits : IDisposable
{
    private readonly ReadOnlyMemory<byte> _line;

    private List<(long At, string? Text, byte[]? Utf8)>? _strings; // a change is kept as text, or as UTF-8 until read as text
    private List<JsonDocument>? _documents;
    private List<(long List, string Name, JsonElement? Item)>? _parameters;
    private List<(long At, CodecLayer Layer, JsonDocument Decoded)>? _decoded;
    private List<long>? _checked;
    private List<byte[]>? _pooled;

    /// <summary>Edits of the line <paramref name="line"/>, whose parsed document holds <paramref name="root"/>.</summary>
    public LineEdits(ReadOnlyMemory<byte> line, JsonElement root)
    {
        _line = line;
        // Values are known by their place in the line, so the document must read the line's own bytes.
        var at = Where(root);
        if (at < 0 || at >= line.Length)
            throw new NotInPlace("the parsed document does not read the line's bytes");
    }

    /// <summary>Whether a step changed any string.</summary>
    public bool HasStrings => _strings is { Count: > 0 };

    /// <summary>The string a step put in place of <paramref name="value"/>, if any.</summary>
    public bool TryGetString(JsonElement value, out string text)
    {
        text = "";
        var i = IndexOf(value);
        if (i < 0)
            return false;
        var (at, changed, utf8) = _strings![i];
        if (changed is null)
        {
            changed = Encoding.UTF8.GetString(utf8!);
            _strings[i] = (at, changed, utf8);
        }
        text = changed;
        return true;
    }

    /// <summary>The string a step put in place of <paramref name="value"/>, if any and if it was put as UTF-8.</summary>
    public bool TryGetUtf8(JsonElement value, out byte[] utf8)
    {
        var i = IndexOf(value);
        utf8 = i < 0 ? [] : _strings![i].Utf8 ?? [];
        return i >= 0 && _strings![i].Utf8 is not null;
    }

    /// <summary>Whether a step put a string in place of <paramref name="value"/>.</summary>
    public bool IsChanged(JsonElement value) => IndexOf(value) >= 0;

    /// <summary>Puts <paramref name="text"/> in place of the string (or null) <paramref name="value"/>.</summary>
    public void SetString(JsonElement value, string text) => Set(value, text, null);

    /// <summary>
    /// Puts the string whose UTF-8 is <paramref name="utf8"/> (valid UTF-8) in place of the string (or null)
    /// <paramref name="value"/>: a layer's new text, which the querystring takes as it is.
    /// </summary>
    public void SetUtf8(JsonElement value, byte[] utf8) => Set(value, null, utf8);

    private void Set(JsonElement value, string? text, byte[]? utf8)
    {
        var at = Where(value);
        _decoded?.RemoveAll(entry => entry.At == at); // decoded from the old text
        _parameters?.Clear(); // the string may be a parameter's name
        var strings = _strings ??= new(2);
        for (var i = 0; i < strings.Count; i++)
        {
            if (strings[i].At != at)
                continue;
            strings[i] = (at, text, utf8);
            return;
        }
        strings.Add((at, text, utf8));
    }

    private int IndexOf(JsonElement value)
    {
        if (_strings is not { Count: > 0 } strings)
            return -1;
        var at = Where(value);
        for (var i = 0; i < strings.Count; i++)
            if (strings[i].At == at)
                return i;
        return -1;
    }

    /// <summary>The parameter named <paramref name="name"/> in the list <paramref name="list"/>, if looked up since the last
    /// change.</summary>
    public bool TryGetParameter(JsonElement list, string name, out JsonElement? item)
    {
        item = null;
        if (_parameters is null)
            return false;
        var at = Where(list);
        foreach (var (key, n, found) in _parameters)
        {
            if (key != at || n != name)
                continue;
            item = found;
            return true;
        }
        return false;
    }

    /// <summary>Remembers a parameter lookup: conditions and steps often look up the same <c>ue_pr</c> or <c>cx</c>.</summary>
    public void AddParameter(JsonElement list, string name, JsonElement? item) =>
        (_parameters ??= new List<(long, string, JsonElement?)>(4)).Add((Where(list), name, item));

    /// <summary>
    /// Keeps a document decoded from an encoded layer until the row is done (its elements are still read), and the
    /// pooled buffer it reads, if any, which goes back to the pool then.
    /// </summary>
    public void Keep(JsonDocument decoded, byte[]? rented = null)
    {
        (_documents ??= new(2)).Add(decoded);
        if (rented is not null)
            KeepPooled(rented);
    }

    /// <summary>
    /// The document decoded from the line's field <paramref name="field"/> through <paramref name="layer"/>, if
    /// it was decoded since the field last changed: the conditions of several flows, and the step after them,
    /// often read the same <c>ue_pr</c> or <c>cx</c>.
    /// </summary>
    public bool TryGetDecoded(JsonElement field, CodecLayer layer, out JsonDocument decoded)
    {
        decoded = null!;
        if (_decoded is null)
            return false;
        var at = Where(field);
        foreach (var (key, l, d) in _decoded)
        {
            if (key != at || !ReferenceEquals(l, layer))
                continue;
            decoded = d;
            return true;
        }
        return false;
    }

    /// <summary>Keeps <paramref name="decoded"/> (see <see cref="Keep"/>) as what <paramref name="field"/> holds through <paramref
    /// name="layer"/>.</summary>
    public void AddDecoded(JsonElement field, CodecLayer layer, JsonDocument decoded, byte[]? rented = null)
    {
        Keep(decoded, rented);
        (_decoded ??= new List<(long, CodecLayer, JsonDocument)>(2)).Add((Where(field), layer, decoded));
    }

    /// <summary>
    /// Keeps a buffer from the shared pool that something of the row reads until the row is done (the rebuilt
    /// querystring, until the payload is encoded); it goes back to the pool then.
    /// </summary>
    public void KeepPooled(byte[] buffer) => (_pooled ??= new(1)).Add(buffer);

    /// <summary>Gives back the buffers of the documents kept, and the pooled buffers.</summary>
    public void Dispose()
    {
        // The documents first: they read some of the pooled buffers.
        foreach (var document in _documents ?? [])
            document.Dispose();
        _documents = null;
        foreach (var buffer in _pooled ?? [])
            ArrayPool<byte>.Shared.Return(buffer);
        _pooled = null;
    }

    /// <summary>
    /// Makes sure <paramref name="obj"/> has no duplicate key before a property of it is read: a tree refuses such an
    /// object (and fails the row) when it first reads it, so the tree must decide that row.
    /// </summary>
    public void CheckKeys(JsonElement obj)
    {
        if (!KeysReadable(obj))
            throw new NotInPlace("an object has a duplicate key, or a key with an escape");
    }

    /// <summary>Whether <paramref name="obj"/> has neither a duplicate key nor an escaped one (checked once per object).</summary>
    public bool KeysReadable(JsonElement obj)
    {
        var at = Where(obj);
        if (_checked is not null && _checked.Contains(at))
            return true;
        if (ObjectKeys.HasDuplicateOrEscaped(obj))
            return false;
        (_checked ??= new List<long>(8)).Add(at);
        return true;
    }

    /// <summary>
    /// The bytes of the line between the quotes of the string <paramref name="value"/>, when they are its UTF-8 (no
    /// escape); else null.
    /// </summary>
    public ReadOnlyMemory<byte>? RawString(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length < 2 || raw.IndexOf((byte)'\\') >= 0)
            return null;
        return _line.Slice((int)Where(value) + 1, raw.Length - 2);
    }

    /// <summary>Where <paramref name="value"/> starts in the line.</summary>
    private long Where(JsonElement value) =>
        Unsafe.ByteOffset(ref MemoryMarshal.GetReference(_line.Span), ref MemoryMarshal.GetReference(JsonMarshal.GetRawUtf8Value(value)));
}
