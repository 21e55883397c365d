using System.Text;
using EventRecovery.Core.Codecs;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Cli.Arguments;

/// <summary>
/// A <c>FILE|BASE64</c> value (<c>--config</c>, <c>--resolver</c>): the file's text when it names a readable file,
/// otherwise the value itself, which the loader decodes as base64 (the Flink job's way of passing configs).
/// </summary>
internal static class TextArgument
{
    public static string Read(string flag, string value)
    {
        if (File.Exists(value))
        {
            try
            {
                return File.ReadAllText(value, Encoding.UTF8);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"{flag} {value}: cannot read the file: {e.Message}");
            }
        }
        if (Directory.Exists(value))
            throw new UsageException($"{flag} {value}: is a directory, expected a file or base64 text");
        if (!IsJsonOrBase64OfJson(value))
            throw new UsageException($"{flag} {value}: no such file (and the value is neither JSON nor base64 of JSON)");
        return value;
    }

    /// <summary>Whether <paramref name="value"/> can be the config itself: JSON, or base64 of JSON (decoded as the loaders do).</summary>
    private static bool IsJsonOrBase64OfJson(string value)
    {
        var text = value.Trim();
        if (text.StartsWith('{') || text.StartsWith('['))
            return true;
        try
        {
            text = Base64Text.DecodeText(text.Replace("\n", "").Replace("\r", "")).TrimStart();
        }
        catch (RowFailure)
        {
            return false;
        }
        return text.StartsWith('{') || text.StartsWith('[');
    }
}
