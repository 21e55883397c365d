using System.Globalization;

namespace EventRecovery.Bench.Cli;

/// <summary>Minimal <c>--name value</c> / <c>--flag</c> parsing for the bench subcommands.</summary>
internal sealed class Args
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    public Args(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal))
                throw new UsageException($"unexpected argument '{list[i]}'");
            var name = list[i][2..];
            string? value = null;
            var eq = name.IndexOf('=');
            if (eq >= 0)
                (name, value) = (name[..eq], name[(eq + 1)..]);
            else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
                value = list[++i];
            _values[name] = value;
        }
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Get(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public string Required(string name) => Get(name) ?? throw new UsageException($"--{name} is required");

    public string Get(string name, string fallback) => Get(name) ?? fallback;

    public int Int(string name, int fallback) =>
        Get(name) is { } v
            ? int.TryParse(v, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new UsageException($"--{name} {v}: expected a positive integer")
            : fallback;

    public long Size(string name, long fallback) => Get(name) is { } v ? ParseSize(v) : fallback;

    /// <summary>"200MB" (10^6), "2GB" (10^9), "64MiB", "1GiB", "500KB" or a plain number of bytes.</summary>
    public static long ParseSize(string text)
    {
        var units = new (string Suffix, long Factor)[]
        {
            ("KiB", 1L << 10),
            ("MiB", 1L << 20),
            ("GiB", 1L << 30),
            ("KB", 1_000),
            ("MB", 1_000_000),
            ("GB", 1_000_000_000),
            ("K", 1_000),
            ("M", 1_000_000),
            ("G", 1_000_000_000),
            ("B", 1),
        };
        foreach (var (suffix, factor) in units)
            if (
                text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                && n > 0
            )
                return (long)(n * factor);
        return long.TryParse(text, CultureInfo.InvariantCulture, out var bytes) && bytes > 0
            ? bytes
            : throw new UsageException($"'{text}' is not a size (e.g. 200MB, 2GB, 64MiB)");
    }
}

internal sealed class UsageException(string message) : Exception(message);
