using System.Text;
using System.Text.RegularExpressions;

namespace EventRecovery.Job.Sources.Local;

/// <summary>
/// Resolves <c>--input</c> values on the local file system: files, directories (recursively, hidden entries
/// skipped) and globs (<c>*</c>, <c>?</c>, <c>**</c>). Every value must match at least one file. Symbolic links are
/// followed, but a file or folder reached twice (through a link, or a link back up the tree) is read once.
/// </summary>
public static class LocalInputs
{
    /// <summary>
    /// The files named by <paramref name="inputs"/>, sorted, each once; throws <see cref="InputException"/> naming a value
    /// that matches nothing. <c>-</c> and <c>/dev/stdin</c> are standard input, and a pipe named explicitly is read as a
    /// stream; pipes, sockets and devices met in a folder or a glob are skipped, each with a <paramref name="warn"/>ing.
    /// </summary>
    public static List<InputSplit> Resolve(IEnumerable<string> inputs, Action<string>? warn = null)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var splits = new List<InputSplit>();
        foreach (var input in inputs)
        {
            if (input is "-" or "/dev/stdin")
            {
                if (seen.Add("-"))
                    splits.Add(StreamSplit.StandardInput());
                continue;
            }
            if (File.Exists(input) && !FileKinds.IsRegular(input))
            {
                if (seen.Add(RealPath(input)))
                    splits.Add(StreamSplit.Pipe(Path.GetFullPath(input)));
                continue;
            }
            var files = Expand(input, warn)
                .Where(file =>
                {
                    if (FileKinds.IsRegular(file))
                        return true;
                    warn?.Invoke(
                        $"--input {input}: skipping {file}: not a regular file (a pipe, socket or device); name it on its own to read it"
                    );
                    return false;
                })
                .ToList();
            if (files.Count == 0)
                throw new InputException(
                    IsGlob(input) ? $"--input {input}: the pattern matches no file"
                    : Directory.Exists(input)
                        ? $"--input {input}: the folder holds no input file (hidden files, pipes and event-recovery's own outputs are not read)"
                    : $"--input {input}: no such file or directory"
                );
            foreach (var file in files.Order(StringComparer.Ordinal))
                if (seen.Add(RealPath(file)))
                    splits.Add(new LocalFileSplit(file, new FileInfo(file).Length));
        }
        return splits;
    }

    private static IEnumerable<string> Expand(string input, Action<string>? warn)
    {
        if (File.Exists(input))
            return [Path.GetFullPath(input)];
        if (Directory.Exists(input))
            return Walk(Path.GetFullPath(input), warn);
        if (!IsGlob(input))
            return [];
        var full = Path.GetFullPath(input);
        var root = Path.GetDirectoryName(full[..FirstWildcard(full)] + "x")!;
        if (!Directory.Exists(root))
            return [];
        var regex = GlobToRegex(full);
        return Walk(root, warn).Where(f => regex.IsMatch(f));
    }

    private static IEnumerable<string> Walk(string directory, Action<string>? warn)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            if (!visited.Add(RealPath(dir)))
                continue;
            // The files of a folder of our own output are not bad rows; its sub-folders (failed rows) may be.
            var holds = Sinks.OutputMarker.Read(dir);
            if (holds is not null)
                warn?.Invoke($"--input: skipping the files of {dir}: {holds}");
            IEnumerable<string> entries;
            try
            {
                entries = Directory.EnumerateFileSystemEntries(dir).ToList();
            }
            catch (UnauthorizedAccessException e)
            {
                throw new InputException($"--input: cannot list {dir}: {e.Message}");
            }
            foreach (var entry in entries)
            {
                if (IsHidden(entry))
                    continue;
                if (Directory.Exists(entry))
                    pending.Push(entry);
                else if (holds is null)
                    yield return entry;
            }
        }
    }

    /// <summary>
    /// The full path of an existing file or folder with every symbolic link in it resolved; a broken link or a loop
    /// of links throws <see cref="InputException"/>.
    /// </summary>
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var real = Path.GetPathRoot(full)!;
        foreach (var name in full[real.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(real, name);
            FileSystemInfo? target;
            try
            {
                target = new FileInfo(next).ResolveLinkTarget(returnFinalTarget: true);
            }
            catch (IOException e)
            {
                throw new InputException($"--input: cannot follow the symbolic link {next}: {e.Message}");
            }
            if (target is null)
            {
                real = next;
                continue;
            }
            if (!Path.Exists(target.FullName))
                throw new InputException($"--input: {next} is a broken symbolic link ({target.FullName} does not exist)");
            real = RealPath(target.FullName);
        }
        return real;
    }

    /// <summary>Dot files and folders, as well as our own in-progress outputs, are never input.</summary>
    private static bool IsHidden(string path) => Path.GetFileName(path).StartsWith('.');

    private static bool IsGlob(string s) => s.IndexOfAny(['*', '?', '[']) >= 0;

    private static int FirstWildcard(string s) => s.IndexOfAny(['*', '?', '[']);

    private static Regex GlobToRegex(string glob)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                // "**/" matches any number of folders, including none.
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                sb.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
                sb.Append("[^/]*");
            else if (c == '?')
                sb.Append("[^/]");
            else if (c == '[')
            {
                var close = glob.IndexOf(']', i + 1);
                if (close < 0)
                {
                    sb.Append(@"\[");
                    continue;
                }
                sb.Append('[').Append(glob[(i + 1)..close].Replace("!", "^").Replace("\\", "\\\\")).Append(']');
                i = close;
            }
            else
                sb.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
