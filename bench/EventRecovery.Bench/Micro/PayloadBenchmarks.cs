using System.Buffers;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Thrift;

namespace EventRecovery.Bench.Micro;

/// <summary>
/// Building the output: the querystring (URL encoding of every parameter, <c>cx</c> and <c>ue_pr</c> included),
/// the collector payload from the steps' JSON, and its Thrift encoding.
/// </summary>
[MemoryDiagnoser]
public class PayloadBenchmarks
{
    private List<NameValue> _parameters = [];
    private string _querystring = "";
    private JsonNode? _payload;
    private CollectorPayload _collectorPayload = null!;
    private byte[] _thrift = [];
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);

    [GlobalSetup]
    public void Setup()
    {
        _payload = JsonNode.Parse(Fixtures.PayloadText("sv-button-click"));
        _parameters = ((JsonArray)_payload!["raw"]!["parameters"]!)
            .Select(p => new NameValue((string)p!["name"]!, (string?)p["value"]))
            .ToList();
        _querystring = Querystring.Build(_parameters);
        _collectorPayload = EnrichmentPayloadJson.ToThrift(_payload);
        _thrift = CollectorPayloadThrift.Encode(_collectorPayload);
    }

    [Benchmark(Description = "Querystring.Build (URL encoding)")]
    public string Build() => Querystring.Build(_parameters);

    [Benchmark(Description = "Querystring.Parse")]
    public int Parse() => Querystring.Parse(_querystring).Count;

    [Benchmark(Description = "collector payload from enrichment JSON")]
    public CollectorPayload FromEnrichmentJson() => EnrichmentPayloadJson.ToThrift(_payload);

    [Benchmark(Description = "Thrift encode (new array)")]
    public byte[] ThriftEncode() => CollectorPayloadThrift.Encode(_collectorPayload);

    [Benchmark(Description = "Thrift encode (reused buffer)")]
    public int ThriftEncodeBuffer()
    {
        _buffer.ResetWrittenCount();
        return CollectorPayloadThrift.Encode(_collectorPayload, _buffer);
    }

    [Benchmark(Description = "Thrift decode")]
    public CollectorPayload ThriftDecode() => CollectorPayloadThrift.Decode(_thrift);
}
