using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using EventRecovery.Core.Json;
using EventRecovery.Core.Text;

namespace EventRecovery.Core.InPlace;

/// <summary>
/// The values a step changed inside an encoded layer (<c>ue_pr</c>, <c>cx</c>…), and the layer's new text: its
/// decoded document written compact, as UTF-8, with the new values in place of the old ones. That is the text a
/// tree of the layer prints after the same change (<see cref="CompactJson"/>), without making the tree or a string.
/// What a tree would refuse on opening or writing (a duplicate or escaped key, an escaped surrogate) is left to the
/// tree (<see cref="NotInPlace"/>).
/// </summary>
internal sealed class LayerChanges(JsonElement root) : IDisposable
{
    private readonly List<(long At, JsonNode? Value)> _changes = new(1);
    private int _nextChange; // Write meets the changes in document order
    private PooledBytes _bytes;

    /// <summary>Puts <paramref name="value"/> in place of <paramref name="old"/>, an element of the layer's document.</summary>
    public void Add(JsonElement old, JsonNode? value) => _changes.Add((Where(old), value));

    /// <summary>The layer's compact text with the changes, as UTF-8 (valid until this is disposed).</summary>
    public ReadOnlySpan<byte> Write()
    {
        // A walk records its changes in document order; sorted anyway, as Write relies on it.
        _changes.Sort((a, b) => a.At.CompareTo(b.At));
        _nextChange = 0;
        _bytes.Dispose();
        _bytes = new PooledBytes(JsonMarshal.GetRawUtf8Value(root).Length + 64);
        Write(root);
        // Every change is met unless one held another, which a path (all its values at one depth) cannot do.
        if (_nextChange != _changes.Count)
            throw new NotInPlace("a layer's changes overlap");
        return _bytes.Written;
    }

    /// <summary>Gives the text's buffer back to the pool.</summary>
    public void Dispose() => _bytes.Dispose();

    private void Write(JsonElement element)
    {
        var at = Where(element);
        // Elements are written in document order, so the next change is the only one that can start here or
        // inside: one comparison per element, however many elements a filter changed.
        var next = _nextChange < _changes.Count ? _changes[_nextChange].At : long.MaxValue;
        if (next == at)
        {
            Append(CompactJson.Serialize(_changes[_nextChange++].Value));
            return;
        }
        if (next >= at + JsonMarshal.GetRawUtf8Value(element).Length)
        {
            // Nothing changed inside: written as CompactJson writes a document nothing opened.
            if (!CompactJson.TryWriteUtf8(ref _bytes, element))
                throw new NotInPlace("a layer holds what a tree must write itself");
            return;
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                // The layer's parser refused duplicate keys (CodecLayer.ParseOptions).
                if (ObjectKeys.HasEscaped(element))
                    throw new NotInPlace("a layer's object has an escaped key");
                _bytes.Append((byte)'{');
                var first = true;
                foreach (var property in element.EnumerateObject())
                {
                    if (!first)
                        _bytes.Append((byte)',');
                    first = false;
                    _bytes.Append((byte)'"');
                    _bytes.Append(JsonMarshal.GetRawUtf8PropertyName(property));
                    _bytes.Append("\":"u8);
                    Write(property.Value);
                }
                _bytes.Append((byte)'}');
                return;
            case JsonValueKind.Array:
                _bytes.Append((byte)'[');
                var firstItem = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!firstItem)
                        _bytes.Append((byte)',');
                    firstItem = false;
                    Write(item);
                }
                _bytes.Append((byte)']');
                return;
            default:
                throw new InvalidOperationException("a change inside a value that holds none");
        }
    }

    private void Append(string text)
    {
        // A lone surrogate (a step's regex can leave one) has no UTF-8; a tree keeps it as text, and fails on it later.
        if (
            Utf8.FromUtf16(
                text,
                _bytes.Free(Encoding.UTF8.GetMaxByteCount(text.Length)),
                out _,
                out var written,
                replaceInvalidSequences: false
            ) != OperationStatus.Done
        )
            throw new NotInPlace("a step put a lone surrogate in a layer");
        _bytes.Advance(written);
    }

    /// <summary>Where <paramref name="value"/> starts in the layer's text.</summary>
    private long Where(JsonElement value) =>
        Unsafe.ByteOffset(
            ref MemoryMarshal.GetReference(JsonMarshal.GetRawUtf8Value(root)),
            ref MemoryMarshal.GetReference(JsonMarshal.GetRawUtf8Value(value))
        );
}
