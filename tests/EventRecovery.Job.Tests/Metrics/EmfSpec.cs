using System.Text.Json;

namespace EventRecovery.Job.Tests.Metrics;

/// <summary>
/// Checks a document against the CloudWatch Embedded Metric Format specification and returns its metric values:
/// a root object whose <c>_aws</c> member holds an integer <c>Timestamp</c> and <c>CloudWatchMetrics</c>, an array
/// of directives each with a <c>Namespace</c>, <c>Dimensions</c> (arrays of at most 30 names, each a string member
/// of the root) and <c>Metrics</c> (at most 100 definitions with a <c>Name</c>, a valid <c>Unit</c>, each a numeric
/// member of the root).
/// </summary>
internal static class EmfSpec
{
    private static readonly HashSet<string> Units =
    [
        "Seconds",
        "Microseconds",
        "Milliseconds",
        "Bytes",
        "Kilobytes",
        "Megabytes",
        "Gigabytes",
        "Terabytes",
        "Bits",
        "Kilobits",
        "Megabits",
        "Gigabits",
        "Terabits",
        "Percent",
        "Count",
        "Bytes/Second",
        "Kilobytes/Second",
        "Megabytes/Second",
        "Gigabytes/Second",
        "Terabytes/Second",
        "Bits/Second",
        "Kilobits/Second",
        "Megabits/Second",
        "Gigabits/Second",
        "Terabits/Second",
        "Count/Second",
        "None",
    ];

    public sealed record Document(
        string Namespace,
        long Timestamp,
        IReadOnlyList<string[]> DimensionSets,
        IReadOnlyDictionary<string, string> Dimensions,
        IReadOnlyDictionary<string, (double Value, string Unit)> Metrics
    );

    public static Document Validate(string line)
    {
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.True(root.TryGetProperty("_aws", out var aws), "no _aws member: " + line);
        Assert.Equal(JsonValueKind.Object, aws.ValueKind);
        Assert.True(
            aws.TryGetProperty("Timestamp", out var timestamp)
                && timestamp.ValueKind == JsonValueKind.Number
                && timestamp.TryGetInt64(out _),
            "_aws.Timestamp must be an integer (epoch milliseconds)"
        );
        var ms = timestamp.GetInt64();
        Assert.InRange(
            DateTimeOffset.FromUnixTimeMilliseconds(ms),
            DateTimeOffset.UtcNow.AddMinutes(-5),
            DateTimeOffset.UtcNow.AddMinutes(1)
        );
        Assert.True(
            aws.TryGetProperty("CloudWatchMetrics", out var directives) && directives.ValueKind == JsonValueKind.Array,
            "_aws.CloudWatchMetrics must be an array"
        );
        var directive = Assert.Single(directives.EnumerateArray().ToList());
        Assert.True(directive.TryGetProperty("Namespace", out var ns) && ns.ValueKind == JsonValueKind.String);
        Assert.InRange(ns.GetString()!.Length, 1, 1024);

        Assert.True(directive.TryGetProperty("Dimensions", out var dimensionSets) && dimensionSets.ValueKind == JsonValueKind.Array);
        var sets = new List<string[]>();
        var dimensions = new Dictionary<string, string>();
        foreach (var set in dimensionSets.EnumerateArray())
        {
            Assert.Equal(JsonValueKind.Array, set.ValueKind);
            var names = set.EnumerateArray().Select(n => n.GetString()!).ToArray();
            Assert.InRange(names.Length, 0, 30);
            foreach (var name in names)
            {
                Assert.True(
                    root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String,
                    $"dimension {name} must be a string member of the root"
                );
                Assert.InRange(value.GetString()!.Length, 1, 1024);
                dimensions[name] = value.GetString()!;
            }
            sets.Add(names);
        }

        Assert.True(directive.TryGetProperty("Metrics", out var definitions) && definitions.ValueKind == JsonValueKind.Array);
        var metrics = new Dictionary<string, (double, string)>();
        foreach (var definition in definitions.EnumerateArray())
        {
            var name = definition.GetProperty("Name").GetString()!;
            Assert.InRange(name.Length, 1, 255);
            var unit = definition.TryGetProperty("Unit", out var u) ? u.GetString()! : "None";
            Assert.Contains(unit, Units);
            Assert.True(root.TryGetProperty(name, out var value), $"metric {name} is defined but has no value");
            Assert.True(value.ValueKind == JsonValueKind.Number, $"metric {name} must be a number, is {value.ValueKind}");
            Assert.False(dimensions.ContainsKey(name), $"{name} is both a metric and a dimension");
            Assert.True(metrics.TryAdd(name, (value.GetDouble(), unit)), $"metric {name} is defined twice");
        }
        Assert.InRange(metrics.Count, 1, 100);
        return new Document(ns.GetString()!, ms, sets, dimensions, metrics);
    }
}
