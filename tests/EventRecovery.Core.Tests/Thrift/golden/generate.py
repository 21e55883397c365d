#!/usr/bin/python3
"""Golden TBinaryProtocol vectors for CollectorPayload, produced by Apache Thrift itself.

The bytes come from the `thrift` Python library (Debian package python3-thrift,
tested with 0.17.0), not from our own code, so the C# tests prove byte
compatibility with a real Thrift implementation.  The struct spec below is what
the Thrift compiler would generate for collector-payload-1 (the PRODUCTION field
ids: 100..410 and 31337 schema), written by hand because the compiler is not
available here.  Like Java's generated serializer, fields are listed in
ascending id order, so schema (31337) is written last.

Every encodable case is serialized twice (pure-Python TBinaryProtocol and the
C-accelerated fastbinary encoder) and must give identical bytes; the result is
then read back with the library's decoder and must equal the input.

Regenerate (from the repository root):

    apt-get install -y python3-thrift      # Debian; installs for /usr/bin/python3
    /usr/bin/python3 tests/EventRecovery.Core.Tests/Thrift/golden/generate.py

This rewrites golden.json next to this script.  Output is deterministic.

golden.json: a list of cases {name, kind, payload, base64}.  payload uses the
IDL field names; a missing key means the field is not set (null).  kind is
"roundtrip" (our Encode must produce exactly these bytes and Decode must give
the payload back) or "decode" (bytes that a compliant reader must accept but
that our canonical encoder does not produce: unknown fields, other field order).
"""
import base64
import json
import os
import sys

from thrift.Thrift import TType
from thrift.protocol.TBase import TBase
from thrift.protocol.TBinaryProtocol import TBinaryProtocol, TBinaryProtocolAccelerated
from thrift.transport.TTransport import TMemoryBuffer

UTF8 = 'UTF8'
# (id, type, name, type args, default) -- the tuple layout generated Python code uses.
FIELDS = [
    (100, TType.STRING, 'ipAddress', UTF8, None),
    (200, TType.I64, 'timestamp', None, None),
    (210, TType.STRING, 'encoding', UTF8, None),
    (220, TType.STRING, 'collector', UTF8, None),
    (300, TType.STRING, 'userAgent', UTF8, None),
    (310, TType.STRING, 'refererUri', UTF8, None),
    (320, TType.STRING, 'path', UTF8, None),
    (330, TType.STRING, 'querystring', UTF8, None),
    (340, TType.STRING, 'body', UTF8, None),
    (350, TType.LIST, 'headers', (TType.STRING, UTF8, False), None),
    (360, TType.STRING, 'contentType', UTF8, None),
    (400, TType.STRING, 'hostname', UTF8, None),
    (410, TType.STRING, 'networkUserId', UTF8, None),
    (31337, TType.STRING, 'schema', UTF8, None),
]
NAMES = [f[2] for f in FIELDS]
SCHEMA = 'iglu:com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-0'


def indexed_spec(fields):
    """thrift_spec as the compiler emits it: a tuple indexed by field id, None in the gaps."""
    spec = [None] * (max(f[0] for f in fields) + 1)
    for f in fields:
        spec[f[0]] = f
    return tuple(spec)


class CollectorPayload(TBase):
    __slots__ = NAMES
    thrift_spec = indexed_spec(FIELDS)

    def __init__(self, **kw):
        for n in NAMES:
            setattr(self, n, kw.get(n))


def serialize(obj, protocol_class, spec=None):
    buf = TMemoryBuffer()
    prot = protocol_class(buf)
    if spec is None:
        obj.write(prot)  # TBase.write: fastbinary if available, else writeStruct
    else:
        prot.writeStruct(obj, spec)  # generic writer; follows the spec's order
    return buf.getvalue()


def deserialize(data, protocol_class):
    obj = CollectorPayload()
    obj.read(protocol_class(TMemoryBuffer(data)))
    return obj


def reference_bytes(payload):
    obj = CollectorPayload(**payload)
    pure = serialize(obj, TBinaryProtocol)
    fast = serialize(obj, TBinaryProtocolAccelerated)
    assert pure == fast, 'pure-Python and fastbinary encoders disagree'
    for proto in (TBinaryProtocol, TBinaryProtocolAccelerated):
        back = deserialize(pure, proto)
        assert back == obj, f'{proto.__name__} did not read back {payload}'
    return pure


# ---- cases -------------------------------------------------------------------

FULL = {
    'schema': SCHEMA,
    'ipAddress': '203.0.113.42',
    'timestamp': 1700000000123,
    'encoding': 'UTF-8',
    'collector': 'ssc-3.1.0-kinesis',
    'userAgent': 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/120.0',
    'refererUri': 'https://shop.example.org/basket?id=7',
    'path': '/com.snowplowanalytics.snowplow/tp2',
    'querystring': 'e=pv&url=https%3A%2F%2Fshop.example.org%2F&aid=shop',
    'body': '{"schema":"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4",'
            '"data":[{"e":"pv","tv":"js-3.0.0","p":"web"}]}',
    'headers': ['Host: collector.example.org', 'Accept: */*', 'X-Forwarded-For: 203.0.113.42'],
    'contentType': 'application/json; charset=UTF-8',
    'hostname': 'collector.example.org',
    'networkUserId': '8f1b3c2e-7d4a-4e9b-9c61-0a2b3c4d5e6f',
}
# The fields a GET tracker hit carries (shape of a typical production payload).
GET_HIT = {k: FULL[k] for k in ('schema', 'ipAddress', 'timestamp', 'encoding', 'collector',
                                 'userAgent', 'refererUri', 'path', 'querystring', 'hostname')}
UNICODE = {
    'schema': SCHEMA,
    'ipAddress': '2001:db8::1',
    'timestamp': 1,
    'encoding': 'UTF-8',
    'collector': 'collecteur-été',
    'userAgent': 'Agent Ünïcödé — “quotes” ñ ß ø',
    'refererUri': 'https://例え.jp/パス?q=日本語',
    'path': '/路径/경로/путь',
    'querystring': 'e=se&se_ca=🎉&se_ac=👩‍💻&se_la=🇫🇷&x=\u0000\u007f\u0080\u07ff\u0800\uffff',
    'body': 'Zeichen: äöü € 𝄞 (U+1D11E) 😀 (U+1F600) \ufeff BOM kept',
    'headers': ['X-Emoji: 🚀', 'X-CJK: 中文字符', 'X-Accent: café', ''],
    'contentType': 'text/plain; charset=UTF-8',
    'hostname': 'münchen.example',
    'networkUserId': 'ünïque-🆔',
}


def large_body(size):
    # Deterministic, mixed ASCII/multi-byte content, exactly `size` UTF-8 bytes.
    unit = '{"e":"ue","ue_pr":"€uro ünïcode 中"},'
    s = (unit * (size // len(unit.encode('utf-8')) + 1))
    out = s.encode('utf-8')[:size].decode('utf-8', 'ignore')
    return out + 'x' * (size - len(out.encode('utf-8')))


CASES = [
    ('all_fields', FULL),
    ('get_hit_typical', GET_HIT),
    ('required_only', {k: FULL[k] for k in ('schema', 'ipAddress', 'timestamp', 'encoding', 'collector')}),
    ('timestamp_only', {'timestamp': 0}),
    ('no_schema', {k: v for k, v in FULL.items() if k != 'schema'}),
    ('optional_absent_post', {**GET_HIT, 'body': FULL['body'], 'contentType': FULL['contentType'],
                              'querystring': None, 'refererUri': None}),
    ('empty_strings', {n: '' for n in NAMES if n not in ('timestamp', 'headers')} | {'timestamp': 42}),
    ('empty_headers_list', {**GET_HIT, 'headers': []}),
    ('single_empty_header', {**GET_HIT, 'headers': ['']}),
    ('many_headers', {**GET_HIT, 'headers': [f'X-Header-{i:03d}: value {i}' for i in range(300)]}),
    ('unicode', UNICODE),
    ('large_body_200k', {**FULL, 'body': large_body(200 * 1024)}),
    ('timestamp_negative', {**GET_HIT, 'timestamp': -1}),
    ('timestamp_min', {**GET_HIT, 'timestamp': -2**63}),
    ('timestamp_max', {**GET_HIT, 'timestamp': 2**63 - 1}),
    ('timestamp_large_far_future', {**GET_HIT, 'timestamp': 253402300799999}),
    ('timestamp_pre_epoch', {**GET_HIT, 'timestamp': -62135596800000}),
]


# ---- decode-only cases: bytes a real Thrift writer produces that we must read ----

# A hypothetical newer writer with extra fields of every Thrift type; readers
# built from collector-payload-1 must skip them.
class Inner(TBase):
    __slots__ = ['flag', 'tags', 'nested']
    thrift_spec = (None,
                   (1, TType.BOOL, 'flag', None, None),
                   (2, TType.LIST, 'tags', (TType.STRING, UTF8, False), None),
                   None)  # set below: the spec refers to Inner itself

    def __init__(self, flag=None, tags=None, nested=None):
        self.flag, self.tags, self.nested = flag, tags, nested


# Like the compiler's fix_spec(): struct args are [class, spec], filled in once the class exists.
INNER_ARGS = [Inner, None]
Inner.thrift_spec = Inner.thrift_spec[:3] + ((3, TType.STRUCT, 'nested', INNER_ARGS, None),)
INNER_ARGS[1] = Inner.thrift_spec

EXTRA_FIELDS = [
    (1, TType.BOOL, 'xBool', None, None),
    (2, TType.BYTE, 'xByte', None, None),
    (3, TType.DOUBLE, 'xDouble', None, None),
    (4, TType.I16, 'xI16', None, None),
    (5, TType.I32, 'xI32', None, None),
    (6, TType.I64, 'xI64', None, None),
    (7, TType.STRING, 'xString', UTF8, None),
    (8, TType.STRUCT, 'xStruct', INNER_ARGS, None),
    (9, TType.MAP, 'xMap', (TType.STRING, UTF8, TType.LIST, (TType.I32, None, False), False), None),
    (11, TType.SET, 'xSet', (TType.I64, None, False), None),
    (12, TType.LIST, 'xList', (TType.STRUCT, INNER_ARGS, False), None),
    (215, TType.MAP, 'xMapEmpty', (TType.I16, None, TType.DOUBLE, None, False), None),
    (500, TType.STRING, 'xAfter', UTF8, None),
    (32767, TType.I32, 'xMaxId', None, None),
]
EXTRA_VALUES = {
    'xBool': True, 'xByte': -7, 'xDouble': 3.5, 'xI16': -32768, 'xI32': 2147483647,
    'xI64': -2**63, 'xString': 'skipped ✓',
    'xStruct': Inner(flag=False, tags=['a', 'ü'], nested=Inner(flag=True, nested=Inner(tags=[]))),
    'xMap': {'k1': [1, 2, 3], 'k2': []}, 'xSet': {10, 20}, 'xList': [Inner(flag=True), Inner()],
    'xMapEmpty': {}, 'xAfter': 'after', 'xMaxId': 99,
}


class Extended(TBase):
    __slots__ = NAMES + [f[2] for f in EXTRA_FIELDS]
    thrift_spec = indexed_spec(FIELDS + EXTRA_FIELDS)

    def __init__(self, **kw):
        for n in self.__slots__:
            setattr(self, n, kw.get(n))


def decode_only_cases():
    extended = Extended(**FULL, **EXTRA_VALUES)
    ext_bytes = serialize(extended, TBinaryProtocol)
    assert ext_bytes == serialize(extended, TBinaryProtocolAccelerated)
    # A collector-payload-1 reader built by Thrift skips the extras.
    assert deserialize(ext_bytes, TBinaryProtocol) == CollectorPayload(**FULL)

    # Same fields written in descending id order (schema first, as the IDL lists it).
    reordered = serialize(CollectorPayload(**FULL), TBinaryProtocol, spec=list(reversed(FIELDS)))
    assert deserialize(reordered, TBinaryProtocol) == CollectorPayload(**FULL)

    # Unknown fields interleaved between known ones, in IDL declaration order.
    mixed_spec = [FIELDS[-1]] + [f for pair in zip(FIELDS[:-1], EXTRA_FIELDS) for f in pair]
    mixed = serialize(Extended(**UNICODE, **EXTRA_VALUES), TBinaryProtocol, spec=mixed_spec)
    assert deserialize(mixed, TBinaryProtocol) == CollectorPayload(**UNICODE)
    return [
        ('unknown_fields_of_every_type', FULL, ext_bytes),
        ('fields_in_descending_id_order', FULL, reordered),
        ('unknown_fields_interleaved_unordered', UNICODE, mixed),
    ]


def main():
    out = []
    for name, payload in CASES:
        payload = {k: v for k, v in payload.items() if v is not None}
        data = reference_bytes(payload)
        out.append({'name': name, 'kind': 'roundtrip', 'payload': payload,
                    'base64': base64.b64encode(data).decode('ascii')})
    for name, payload, data in decode_only_cases():
        out.append({'name': name, 'kind': 'decode', 'payload': payload,
                    'base64': base64.b64encode(data).decode('ascii')})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'golden.json')
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write('\n')
    print(f'wrote {len(out)} cases to {path}', file=sys.stderr)


if __name__ == '__main__':
    main()
