using System.IO.Compression;
using System.Text;

namespace EventRecovery.Cli.Tests.Fixtures;

/// <summary>A fresh directory for one test, deleted afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Root = Path.Combine(Path.GetTempPath(), "event-recovery-cli-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
    }

    /// <summary>The directory's full path.</summary>
    public string Root { get; }

    /// <summary>A path inside the directory (not created).</summary>
    public string At(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Writes <paramref name="lines"/>, each followed by a newline, to a file inside; returns its path.</summary>
    public string WriteLines(string relative, IEnumerable<string> lines) => WriteText(relative, string.Concat(lines.Select(l => l + "\n")));

    /// <summary>Writes text to a file inside, creating folders; returns its path.</summary>
    public string WriteText(string relative, string text) => WriteBytes(relative, Encoding.UTF8.GetBytes(text));

    /// <summary>Writes bytes to a file inside, creating folders; returns its path.</summary>
    public string WriteBytes(string relative, byte[] bytes)
    {
        var path = At(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Writes <paramref name="lines"/> gzip-compressed; returns its path.</summary>
    public string WriteGzipLines(string relative, IEnumerable<string> lines) =>
        WriteBytes(relative, Gzip(string.Concat(lines.Select(l => l + "\n"))));

    /// <summary>Gzip of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (DirectoryNotFoundException) { }
    }
}
