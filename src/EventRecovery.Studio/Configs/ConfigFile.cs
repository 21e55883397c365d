using System.Text;

namespace EventRecovery.Studio.Configs;

/// <summary>
/// The configuration file the studio was started with: the one file it may write, and only when asked. A save replaces
/// it atomically (a reader sees the old text or the new, never a mix) and keeps the text it replaced as <c>FILE.bak</c>.
/// </summary>
public sealed class ConfigFile
{
    private readonly Lock _gate = new();
    private string _known;

    /// <summary>Reads the file once, at start.</summary>
    /// <exception cref="IOException">It cannot be read.</exception>
    public ConfigFile(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _known = File.ReadAllText(Path);
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>Where a save keeps the text it replaces.</summary>
    public string BackupPath => Path + ".bak";

    /// <summary>The text as the studio read it or last saved it.</summary>
    public string Text
    {
        get
        {
            lock (_gate)
                return _known;
        }
    }

    /// <summary>
    /// Writes <paramref name="text"/> to the file. Unless <paramref name="overwrite"/>, refuses (false) when the file no
    /// longer holds what the studio read or last saved: someone else changed it, and their edit would be lost.
    /// </summary>
    /// <exception cref="IOException">The file or its folder cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">Likewise.</exception>
    public bool Save(string text, bool overwrite)
    {
        lock (_gate)
        {
            if (!overwrite && File.Exists(Path) && File.ReadAllText(Path) != _known)
                return false;
            var folder = System.IO.Path.GetDirectoryName(Path)!;
            var temporary = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                {
                    stream.Write(new UTF8Encoding(false).GetBytes(text));
                    stream.Flush(flushToDisk: true);
                }
                // The rename is the atomic step; the old file becomes the backup.
                if (File.Exists(Path))
                    File.Replace(temporary, Path, BackupPath);
                else
                    File.Move(temporary, Path);
            }
            finally
            {
                if (File.Exists(temporary))
                    File.Delete(temporary);
            }
            _known = text;
            return true;
        }
    }
}
