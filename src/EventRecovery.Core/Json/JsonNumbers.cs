using System.Globalization;
using System.Text.Json.Nodes;

namespace EventRecovery.Core.Json;

/// <summary>Number handling shared by matchers and steps.</summary>
public static class JsonNumbers
{
    /// <summary>
    /// Text of a computed number: integral values print without a fraction (<c>42</c>, not Java's <c>42.0</c>,
    /// so an "integer" schema still validates), others in the shortest round-trip form.
    /// </summary>
    public static string Format(double d)
    {
        if (Math.Abs(d) < 9007199254740992d && d == Math.Floor(d))
            return ((long)d).ToString(CultureInfo.InvariantCulture);
        return d.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>A JSON number node for a computed value.</summary>
    public static JsonNode Create(double d) =>
        Math.Abs(d) < 9007199254740992d && d == Math.Floor(d) ? JsonValue.Create((long)d) : JsonValue.Create(d);

    /// <summary>The value of a number node as a double (decimal precision beyond double is not needed here).</summary>
    public static double ToDouble(JsonValue value) =>
        double.Parse(CompactJson.NumberText(value), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The value of a number node as a decimal when it fits, for exact equality.</summary>
    public static bool TryToDecimal(JsonValue value, out decimal d) =>
        decimal.TryParse(CompactJson.NumberText(value), NumberStyles.Float, CultureInfo.InvariantCulture, out d);
}
