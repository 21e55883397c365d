using System.Buffers.Binary;
using System.Text;
using EventRecovery.Core.Payloads;
using Ids = EventRecovery.Core.Thrift.CollectorPayloadFieldIds;

namespace EventRecovery.Core.Thrift;

/// <summary>
/// Writes a <see cref="CollectorPayload"/> exactly as Java's generated <c>write()</c> does with TBinaryProtocol:
/// ascending field ids (schema 31337 last), strings/lists only when non-null, the i64 timestamp always.
/// Two passes over the same field walk (<see cref="Visit{TSink}"/>): measure, then write into one buffer,
/// so the byte layout is defined once and the size can never disagree with what is written.
/// </summary>
internal static class CollectorPayloadEncoder
{
    private const int FieldHeaderSize = 3; // type byte + i16 id

    // throwOnInvalidBytes makes lone surrogates an error: .NET would write U+FFFD and Java '?',
    // either way the value would not survive a round trip, so refuse rather than corrupt silently.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Exact encoded size in bytes.</summary>
    public static int Measure(CollectorPayload p)
    {
        var counter = new SizeCounter();
        Visit(ref counter, p);
        if (counter.Size > Array.MaxLength)
            throw new ArgumentException($"Encoded payload would be {counter.Size} bytes, more than an array can hold.", nameof(p));
        return (int)counter.Size;
    }

    /// <summary>Writes the payload into <paramref name="destination"/>, which must hold <see cref="Measure"/> bytes.</summary>
    public static void Write(CollectorPayload p, Span<byte> destination, int size)
    {
        var writer = new SpanWriter(destination[..size]);
        Visit(ref writer, p);
        // Only possible if Headers (a caller-owned list) changed between measuring and writing.
        if (writer.Position != size)
            throw new InvalidOperationException("The payload changed while it was being encoded.");
    }

    // The single definition of field order; ascending ids as in Java's generated code.
    private static void Visit<TSink>(ref TSink sink, CollectorPayload p)
        where TSink : IFieldSink, allows ref struct
    {
        // Fields read as UTF-8 (PayloadText) go in as they are, the others are encoded here.
        Text(ref sink, Ids.IpAddress, p.IpAddressText, nameof(p.IpAddress));
        sink.I64(Ids.Timestamp, p.Timestamp);
        Text(ref sink, Ids.Encoding, p.EncodingText, nameof(p.Encoding));
        Text(ref sink, Ids.Collector, p.CollectorText, nameof(p.Collector));
        Text(ref sink, Ids.UserAgent, p.UserAgentText, nameof(p.UserAgent));
        Text(ref sink, Ids.RefererUri, p.RefererUriText, nameof(p.RefererUri));
        sink.String(Ids.Path, p.Path, nameof(p.Path));
        Text(ref sink, Ids.Querystring, p.QuerystringText, nameof(p.Querystring));
        Text(ref sink, Ids.Body, p.BodyText, nameof(p.Body));
        if (p.HeaderTexts is { } headers)
            sink.TextList(Ids.Headers, headers);
        else
            sink.StringList(Ids.Headers, p.Headers, nameof(p.Headers));
        Text(ref sink, Ids.ContentType, p.ContentTypeText, nameof(p.ContentType));
        Text(ref sink, Ids.Hostname, p.HostnameText, nameof(p.Hostname));
        sink.String(Ids.NetworkUserId, p.NetworkUserId, nameof(p.NetworkUserId));
        sink.String(Ids.Schema, p.Schema, nameof(p.Schema));
        sink.Stop();
    }

    private static void Text<TSink>(ref TSink sink, short id, PayloadText value, string field)
        where TSink : IFieldSink, allows ref struct
    {
        if (value.IsUtf8)
            sink.Utf8(id, value.Utf8.Span);
        else
            sink.String(id, value.Text, field);
    }

    private static int Utf8Length(string value, string field, int index = -1)
    {
        try
        {
            return StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            // The element's name is made only here: a payload has several headers, and they are almost always fine.
            var name = index < 0 ? field : ElementName(field, index);
            throw new ArgumentException($"{name} contains a lone UTF-16 surrogate and cannot be encoded as UTF-8.", name, e);
        }
    }

    private static string ElementName(string list, int index) => $"{list}[{index}]";

    private interface IFieldSink
    {
        void String(short id, string? value, string field);
        void Utf8(short id, ReadOnlySpan<byte> value);
        void I64(short id, long value);
        void StringList(short id, IReadOnlyList<string>? values, string field);
        void TextList(short id, IReadOnlyList<PayloadText> values);
        void Stop();
    }

    private struct SizeCounter : IFieldSink
    {
        public long Size; // long: many large strings could exceed int before the final check

        public void String(short id, string? value, string field)
        {
            if (value is not null)
                Size += FieldHeaderSize + 4 + Utf8Length(value, field);
        }

        public void Utf8(short id, ReadOnlySpan<byte> value) => Size += FieldHeaderSize + 4 + value.Length;

        public void I64(short id, long value) => Size += FieldHeaderSize + 8;

        public void StringList(short id, IReadOnlyList<string>? values, string field)
        {
            if (values is null)
                return;
            Size += FieldHeaderSize + 1 + 4;
            for (var i = 0; i < values.Count; i++)
            {
                var v = values[i] ?? throw new ArgumentException($"{ElementName(field, i)} is null; Thrift lists cannot hold null.", field);
                Size += 4 + Utf8Length(v, field, i);
            }
        }

        public void TextList(short id, IReadOnlyList<PayloadText> values)
        {
            Size += FieldHeaderSize + 1 + 4;
            for (var i = 0; i < values.Count; i++)
                Size += 4 + (values[i].IsUtf8 ? values[i].Utf8.Length : Utf8Length(values[i].Text!, "Headers", i));
        }

        public void Stop() => Size += 1;
    }

    private ref struct SpanWriter(Span<byte> buffer) : IFieldSink
    {
        private readonly Span<byte> _buffer = buffer;
        public int Position;

        public void String(short id, string? value, string field)
        {
            if (value is null)
                return;
            Header(ThriftType.String, id);
            Utf8(value);
        }

        public void Utf8(short id, ReadOnlySpan<byte> value)
        {
            Header(ThriftType.String, id);
            BinaryPrimitives.WriteInt32BigEndian(_buffer[Position..], value.Length);
            value.CopyTo(_buffer[(Position + 4)..]);
            Position += 4 + value.Length;
        }

        public void I64(short id, long value)
        {
            Header(ThriftType.I64, id);
            BinaryPrimitives.WriteInt64BigEndian(_buffer[Position..], value);
            Position += 8;
        }

        public void StringList(short id, IReadOnlyList<string>? values, string field)
        {
            if (values is null)
                return;
            Header(ThriftType.List, id);
            _buffer[Position] = (byte)ThriftType.String;
            BinaryPrimitives.WriteInt32BigEndian(_buffer[(Position + 1)..], values.Count);
            Position += 5;
            for (var i = 0; i < values.Count; i++)
                Utf8(values[i]);
        }

        public void TextList(short id, IReadOnlyList<PayloadText> values)
        {
            Header(ThriftType.List, id);
            _buffer[Position] = (byte)ThriftType.String;
            BinaryPrimitives.WriteInt32BigEndian(_buffer[(Position + 1)..], values.Count);
            Position += 5;
            foreach (var value in values)
            {
                if (!value.IsUtf8)
                {
                    Utf8(value.Text!);
                    continue;
                }
                BinaryPrimitives.WriteInt32BigEndian(_buffer[Position..], value.Utf8.Length);
                value.Utf8.Span.CopyTo(_buffer[(Position + 4)..]);
                Position += 4 + value.Utf8.Length;
            }
        }

        public void Stop() => _buffer[Position++] = (byte)ThriftType.Stop;

        private void Header(ThriftType type, short id)
        {
            _buffer[Position] = (byte)type;
            BinaryPrimitives.WriteInt16BigEndian(_buffer[(Position + 1)..], id);
            Position += FieldHeaderSize;
        }

        // Encode straight after the length slot, then fill the length in: no temporary byte[].
        private void Utf8(string value)
        {
            var written = StrictUtf8.GetBytes(value, _buffer[(Position + 4)..]);
            BinaryPrimitives.WriteInt32BigEndian(_buffer[Position..], written);
            Position += 4 + written;
        }
    }
}
