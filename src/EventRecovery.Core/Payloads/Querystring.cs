using System.Text;
using EventRecovery.Core.Codecs;

namespace EventRecovery.Core.Payloads;

/// <summary>Querystring text ↔ name/value parameters, as the original rebuilds and reads them.</summary>
public static class Querystring
{
    /// <summary>
    /// <c>name=URLEncoded(value)</c> joined by <c>&amp;</c>, names not encoded and a missing value written as
    /// <c>name=</c> (Java's URLEncoder rules, see <see cref="UrlCoding"/>).
    /// </summary>
    public static string Build(IReadOnlyList<NameValue> parameters)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < parameters.Count; i++)
        {
            if (i > 0)
                sb.Append('&');
            sb.Append(parameters[i].Name).Append('=').Append(UrlCoding.Encode(parameters[i].Value ?? ""));
        }
        return sb.ToString();
    }

    /// <summary>
    /// Parameters of a raw querystring, values URL-decoded, names as they are. Empty pieces are skipped; a
    /// piece without <c>=</c>, or ending with it, has no value. Only the first <c>=</c> separates (the original
    /// dropped parameters whose value contained one; see docs/compatibility.md).
    /// </summary>
    public static List<NameValue> Parse(string? querystring)
    {
        var list = new List<NameValue>();
        if (string.IsNullOrEmpty(querystring))
            return list;
        foreach (var piece in querystring.Split('&'))
        {
            if (piece.Length == 0)
                continue;
            var eq = piece.IndexOf('=');
            if (eq < 0)
                list.Add(new NameValue(piece, null));
            else if (eq == piece.Length - 1)
                list.Add(new NameValue(piece[..eq], null));
            else
                list.Add(new NameValue(piece[..eq], UrlCoding.Decode(piece[(eq + 1)..])));
        }
        return list;
    }
}
