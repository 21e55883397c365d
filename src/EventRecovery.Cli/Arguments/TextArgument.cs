using System.Text;

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
        if (Directory.Exists(value)) throw new UsageException($"{flag} {value}: is a directory, expected a file or base64 text");
        if (LooksLikePath(value) && !LooksLikeBase64(value))
            throw new UsageException($"{flag} {value}: no such file (and the value is not base64 either)");
        return value;
    }

    private static bool LooksLikePath(string value) =>
        value.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || value.Contains('/') && value.TrimStart().FirstOrDefault() != '{';

    private static bool LooksLikeBase64(string value) =>
        value.Length >= 8 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '-' or '_' or '\n' or '\r');
}
