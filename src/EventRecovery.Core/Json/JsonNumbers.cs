using System.Globalization;
using System.Text;
using System.Text.Json;
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

    /// <summary>
    /// The number <paramref name="text"/> writes (a string cast to Numeric), exactly: a double when one holds that value
    /// (written as <see cref="Format"/> writes it, so "2.0" gives 2), else the text's own digits as a JSON number
    /// ("99999999999999999999999" stays that, where a double would give 1E+23). A JSON number has no precision limit
    /// and Enrich reads it whole, so the value is kept rather than the row failed. Null when the text is not a number,
    /// or is one whose value no double holds and whose text is not a JSON number ("+1e-999").
    /// </summary>
    public static JsonNode? ParseExact(string text)
    {
        text = text.Trim();
        if (
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && double.IsFinite(d)
            && SameValue(text, Format(d))
        )
            return Create(d);
        if (!IsJsonNumber(text))
            return null;
        using var document = JsonDocument.Parse(text);
        return JsonValue.Create(document.RootElement.Clone());
    }

    /// <summary>Whether two decimal texts (<c>[sign] digits [. digits] [e [sign] digits]</c>) have the same value.</summary>
    internal static bool SameValue(string a, string b) =>
        TryDecimal(a, out var negativeA, out var digitsA, out var exponentA)
        && TryDecimal(b, out var negativeB, out var digitsB, out var exponentB)
        && negativeA == negativeB
        && exponentA == exponentB
        && digitsA.SequenceEqual(digitsB);

    /// <summary>
    /// <paramref name="s"/>'s value as ± 0.<paramref name="digits"/> × 10^<paramref name="exponent"/>, the digits without
    /// leading or trailing zeros (none for zero, whose sign is dropped). False for any other text, and for exponents
    /// written with more than 15 digits (no double is near such a value).
    /// </summary>
    private static bool TryDecimal(string s, out bool negative, out string digits, out long exponent)
    {
        negative = false;
        digits = "";
        exponent = 0;
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-')
            negative = s[i++] == '-';
        var all = new StringBuilder(s.Length);
        var point = -1;
        for (; i < s.Length; i++)
        {
            if (char.IsAsciiDigit(s[i]))
                all.Append(s[i]);
            else if (s[i] == '.' && point < 0)
                point = all.Length;
            else
                break;
        }
        if (all.Length == 0)
            return false;
        if (point < 0)
            point = all.Length;
        long written = 0;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            var negativeExponent = i < s.Length && s[i] == '-';
            if (i < s.Length && s[i] is '+' or '-')
                i++;
            var start = i;
            for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
            {
                if (i - start == 15)
                    return false;
                written = written * 10 + (s[i] - '0');
            }
            if (i == start)
                return false;
            if (negativeExponent)
                written = -written;
        }
        if (i != s.Length)
            return false;
        var text = all.ToString();
        var lead = 0;
        while (lead < text.Length && text[lead] == '0')
            lead++;
        if (lead == text.Length)
        {
            negative = false;
            return true;
        }
        digits = text[lead..].TrimEnd('0');
        exponent = written + point - lead;
        return true;
    }

    /// <summary>Whether <paramref name="s"/> is a number as JSON writes one: <c>-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?</c>.</summary>
    private static bool IsJsonNumber(string s)
    {
        var i = 0;
        if (i < s.Length && s[i] == '-')
            i++;
        if (i < s.Length && s[i] == '0')
            i++;
        else if (!Digits(s, ref i))
            return false;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            if (!Digits(s, ref i))
                return false;
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-')
                i++;
            if (!Digits(s, ref i))
                return false;
        }
        return i == s.Length;
    }

    private static bool Digits(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
            i++;
        return i > start;
    }

    /// <summary>The value of a number node as a double (decimal precision beyond double is not needed here).</summary>
    public static double ToDouble(JsonValue value) =>
        double.Parse(CompactJson.NumberText(value), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The value of a number node as a decimal when it fits, for exact equality.</summary>
    public static bool TryToDecimal(JsonValue value, out decimal d) =>
        decimal.TryParse(CompactJson.NumberText(value), NumberStyles.Float, CultureInfo.InvariantCulture, out d);
}
