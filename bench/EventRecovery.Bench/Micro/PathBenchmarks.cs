using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using EventRecovery.Core.Paths;

namespace EventRecovery.Bench.Micro;

/// <summary>
/// Reading one value through each kind of path segment and codec layer (as a condition does), on a bad row's
/// <c>data</c> already materialised as a <see cref="JsonNode"/>: the layers (base64 <c>cx</c>, JSON text
/// <c>ue_pr</c>) are decoded on every visit, as they are for every condition.
/// </summary>
[MemoryDiagnoser]
public class PathBenchmarks
{
    private JsonNode? _schemaViolation;
    private JsonNode? _customer;
    private JsonNode? _adapter;
    private JsonPath _plain = null!,
        _parameter = null!,
        _cx = null!,
        _uePr = null!,
        _filter = null!,
        _cxFilter = null!;

    [GlobalSetup]
    public void Setup()
    {
        _schemaViolation = JsonNode.Parse(Fixtures.DataText("sv-button-click"));
        _customer = JsonNode.Parse(Fixtures.DataText("sv-customer-age"));
        _adapter = JsonNode.Parse(Fixtures.DataText("af-app-id"));
        _plain = Path("$.payload.raw.vendor");
        _parameter = Path("$.payload.raw.parameters.aid");
        _cx = Path("$.payload.raw.parameters.cx.data[0].data.age");
        _uePr = Path("$.payload.raw.parameters.ue_pr.data.schema");
        _filter = Path("$.payload.querystring[?(@.name=~aid)].value");
        _cxFilter = Path("$.payload.raw.parameters.cx.data[?(@.schema=~com\\.acme/customer/)].data.age");
        // Materialise the trees once, as the first condition on a row does.
        foreach (var (root, path) in new[] { (_schemaViolation, _uePr), (_customer, _cx), (_adapter, _filter) })
            Read(root, path);
    }

    private static JsonPath Path(string text) =>
        JsonPath.TryParse(text, TimeSpan.FromSeconds(1), out var error) ?? throw new InvalidOperationException(error);

    private static JsonNode? Read(JsonNode? root, JsonPath path)
    {
        JsonNode? found = null;
        PathWalker.Visit(root, path, v => found = v);
        return found;
    }

    [Benchmark(Baseline = true, Description = "plain field $.payload.raw.vendor")]
    public JsonNode? PlainField() => Read(_schemaViolation, _plain);

    [Benchmark(Description = "parameter by name (name/value list)")]
    public JsonNode? Parameter() => Read(_schemaViolation, _parameter);

    [Benchmark(Description = "into cx (base64 JSON)")]
    public JsonNode? Base64Cx() => Read(_customer, _cx);

    [Benchmark(Description = "into ue_pr (JSON text)")]
    public JsonNode? JsonTextUePr() => Read(_schemaViolation, _uePr);

    [Benchmark(Description = "filter [?(@.name=~aid)] on querystring")]
    public JsonNode? Filter() => Read(_adapter, _filter);

    [Benchmark(Description = "filter inside cx")]
    public JsonNode? FilterInsideCx() => Read(_customer, _cxFilter);
}
