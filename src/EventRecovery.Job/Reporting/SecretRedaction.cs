using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EventRecovery.Job.Reporting;

/// <summary>
/// Takes secrets out of a configuration before it is shown or written anywhere (run report, summary JSON): the value
/// of every field whose name looks like a credential (an Iglu resolver's <c>apikey</c>, any password, secret, token,
/// access or secret key, authorization) becomes <see cref="Redacted"/>, at any depth.
/// </summary>
public static partial class SecretRedaction
{
    /// <summary>What a secret's value is replaced with.</summary>
    public const string Redacted = "(redacted)";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        TypeInfoResolver = JsonNodeContext.Default,
        // Shown to people (HTML-encoded where it is shown): keep quotes, accents and '<' readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [GeneratedRegex(
        "api[-_]?key|passw(or)?d|secret|token|credential|authori[sz]ation|access[-_]?key|private[-_]?key",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex SecretName();

    /// <summary>Whether a field named <paramref name="name"/> holds a secret.</summary>
    public static bool IsSecretName(string name) => SecretName().IsMatch(name);

    /// <summary>
    /// <paramref name="json"/> indented, with every secret's value replaced; text that is not JSON is not shown at all
    /// (a message says so), since where its secrets are cannot be known.
    /// </summary>
    public static string Redact(string json)
    {
        JsonNode? root;
        try
        {
            var lenient = new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
            root = JsonNode.Parse(json, documentOptions: lenient);
        }
        catch (JsonException)
        {
            return "(not shown: not JSON, so its secrets cannot be told apart)";
        }
        Walk(root);
        return root is null ? "null" : root.ToJsonString(Indented);
    }

    private static void Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (IsSecretName(name) && obj[name] is not null)
                        obj[name] = Redacted;
                    else
                        Walk(obj[name]);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                    Walk(item);
                break;
        }
    }
}

/// <summary>The serializer's view of JSON nodes, generated at build time (no reflection under native code).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(JsonNode))]
internal sealed partial class JsonNodeContext : System.Text.Json.Serialization.JsonSerializerContext;
