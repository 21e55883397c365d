using EventRecovery.Core.Payloads;
using EventRecovery.Core.Thrift;

namespace EventRecovery.Core.Tests.Thrift;

/// <summary>Byte compatibility with Apache Thrift's own TBinaryProtocol (vectors from golden/generate.py).</summary>
public class GoldenVectorTests
{
    public static TheoryData<string> RoundTripCases => GoldenVectors.Names("roundtrip");
    public static TheoryData<string> DecodeOnlyCases => GoldenVectors.Names("decode");

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void Encode_produces_exactly_the_reference_bytes(string name)
    {
        var c = GoldenVectors.Named(name);
        var actual = CollectorPayloadThrift.Encode(c.Payload);
        Assert.Equal(Convert.ToHexString(c.Bytes), Convert.ToHexString(actual)); // hex: readable diff on failure
    }

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void A_querystring_rebuilt_as_UTF8_encodes_to_the_reference_bytes(string name)
    {
        var c = GoldenVectors.Named(name);
        if (c.Payload.Querystring is not { } text)
            return;
        var asBytes = c.Payload with { QuerystringText = PayloadText.OfUtf8(System.Text.Encoding.UTF8.GetBytes(text)) };
        Assert.Equal(Convert.ToHexString(c.Bytes), Convert.ToHexString(CollectorPayloadThrift.Encode(asBytes)));
        Assert.Equal(text, asBytes.Querystring);
    }

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    [MemberData(nameof(DecodeOnlyCases))]
    public void Decode_of_the_reference_bytes_gives_the_payload(string name)
    {
        var c = GoldenVectors.Named(name);
        Assert.Equal(c.Payload, CollectorPayloadThrift.Decode(c.Bytes));
    }

    [Fact]
    public void Golden_file_covers_the_required_variety()
    {
        var names = GoldenVectors.All.Select(c => c.Name).ToHashSet();
        foreach (
            var n in new[]
            {
                "all_fields",
                "required_only",
                "empty_strings",
                "empty_headers_list",
                "many_headers",
                "unicode",
                "large_body_200k",
                "timestamp_negative",
                "timestamp_min",
                "timestamp_max",
                "unknown_fields_of_every_type",
                "fields_in_descending_id_order",
            }
        )
            Assert.Contains(n, names);
        Assert.True(GoldenVectors.Named("large_body_200k").Payload.Body!.Length >= 200 * 1024 / 3);
    }
}
