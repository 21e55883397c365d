using System.Buffers;
using System.Text.Json;

namespace EventRecovery.Job.Metrics;

/// <summary>
/// CloudWatch Embedded Metric Format (EMF): one JSON document per flush, with an <c>_aws</c> metadata block
/// (<c>Timestamp</c> in epoch milliseconds and one metric directive: namespace, one dimension set, a definition per
/// metric) followed by the dimension values, extra properties and the metric values as root members. The
/// CloudWatch agent turns each document into metric data points (and keeps it as a log event).
/// </summary>
public static class EmfEncoder
{
    /// <summary>The most metrics one directive may define (EMF specification).</summary>
    public const int MaxMetrics = 100;

    /// <summary>Encodes one document as a single line of UTF-8 JSON ending with a newline.</summary>
    /// <param name="ns">CloudWatch namespace, e.g. <c>snowplow/event-recovery</c>.</param>
    /// <param name="dimensions">Dimension names and values (one dimension set, in this order).</param>
    /// <param name="properties">Extra root members, not metrics (e.g. the version); may be empty.</param>
    /// <param name="values">Metric values; names must differ from dimension and property names.</param>
    /// <param name="timestamp">When the values were collected.</param>
    public static byte[] Encode(
        string ns,
        IReadOnlyList<KeyValuePair<string, string>> dimensions,
        IReadOnlyList<KeyValuePair<string, string>> properties,
        IReadOnlyList<MetricValue> values,
        DateTimeOffset timestamp
    )
    {
        if (values.Count > MaxMetrics)
            throw new ArgumentException($"EMF allows at most {MaxMetrics} metrics per directive", nameof(values));
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", timestamp.ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", ns);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            foreach (var dimension in dimensions)
                json.WriteStringValue(dimension.Key);
            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var value in values)
            {
                json.WriteStartObject();
                json.WriteString("Name", value.Name);
                json.WriteString("Unit", value.IsBytes ? "Bytes" : "Count");
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            foreach (var dimension in dimensions)
                json.WriteString(dimension.Key, dimension.Value);
            foreach (var property in properties)
                json.WriteString(property.Key, property.Value);
            foreach (var value in values)
                json.WriteNumber(value.Name, value.Value);
            json.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
