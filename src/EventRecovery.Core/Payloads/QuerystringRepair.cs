using System.Text;
using EventRecovery.Core.Codecs;

namespace EventRecovery.Core.Payloads;

/// <summary>
/// Repairs the querystring of a collector payload that Enrich could not read: reads <c>name=value</c> pairs up
/// to the first piece that is not one, and percent-encodes the characters a querystring may not contain
/// (existing <c>%XX</c> escapes, reserved and unreserved characters stay as they are).
/// </summary>
public static class QuerystringRepair
{
    private const string Reserved = ":/#[]@!$&'()*+,;=";

    /// <summary>
    /// Pairs with their repaired values, URL-decoded so that rebuilding encodes them exactly once. A repeated
    /// name keeps its first position and its last value. Empty when nothing could be read.
    /// </summary>
    public static List<NameValue> Parse(string querystring)
    {
        var order = new List<string>();
        var values = new Dictionary<string, string>();
        var i = 0;
        while (i <= querystring.Length)
        {
            var eq = querystring.IndexOfAny(['&', '='], i);
            if (eq < 0 || querystring[eq] != '=')
                break; // a piece without '=' ends the readable part
            var name = querystring[i..eq];
            var amp = querystring.IndexOf('&', eq + 1);
            var end = amp < 0 ? querystring.Length : amp;
            var value = UrlCoding.Decode(Clean(querystring[(eq + 1)..end]));
            if (values.TryAdd(name, value))
                order.Add(name);
            else
                values[name] = value;
            if (amp < 0)
                break;
            i = amp + 1;
        }
        return order.Select(n => new NameValue(n, values[n])).ToList();
    }

    /// <summary>Percent-encodes what may not appear in a querystring value; keeps valid escapes.</summary>
    public static string Clean(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && char.IsAsciiHexDigit(value[i + 1]) && char.IsAsciiHexDigit(value[i + 2]))
            {
                sb.Append(value, i, 3);
                i += 2;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' || Reserved.Contains(c))
            {
                sb.Append(c);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                sb.Append(UrlCoding.Encode(value.Substring(i, 2)));
                i++;
            }
            else
            {
                sb.Append(UrlCoding.Encode(c.ToString()));
            }
        }
        return sb.ToString();
    }
}
