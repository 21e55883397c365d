using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace EventRecovery.Deploy.Tests;

/// <summary>The deploy templates: where they are, which variables they use, and rendering them as dataflow-runner does.</summary>
internal static partial class Templates
{
    /// <summary>The seed's dataflow-runner variables, which our EMR templates take exactly.</summary>
    public static readonly string[] SeedVariables =
    [
        "bucket",
        "region",
        "subnet",
        "role",
        "keypair",
        "client",
        "version",
        "config",
        "resolver",
        "output",
        "inputdir",
        "interval",
    ];

    public static string Repo { get; } = FindRepo();

    private static string FindRepo([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    public static string PathOf(string relative) => Path.Combine(Repo, "deploy", relative);

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    [GeneratedRegex(@"\{\{(.*?)\}\}")]
    private static partial Regex AnyPlaceholder();

    [GeneratedRegex(@"^ \.([a-z_]+) $")]
    private static partial Regex CanonicalPlaceholder();

    /// <summary>The variables a template uses; every placeholder must be written <c>{{ .name }}</c>.</summary>
    public static SortedSet<string> Variables(string text)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match m in AnyPlaceholder().Matches(text))
        {
            var inner = CanonicalPlaceholder().Match(m.Groups[1].Value);
            Assert.True(inner.Success, $"placeholder {m.Value} is not of the form {{{{ .name }}}}");
            names.Add(inner.Groups[1].Value);
        }
        return names;
    }

    /// <summary>Fills every <c>{{ .name }}</c>; a variable without a value fails the test (Go's template would print "&lt;no
    /// value&gt;").</summary>
    public static string Render(string text, IReadOnlyDictionary<string, string> values)
    {
        var missing = Variables(text).Where(v => !values.ContainsKey(v)).ToList();
        Assert.True(missing.Count == 0, "no value for " + string.Join(", ", missing));
        return AnyPlaceholder().Replace(text, m => values[CanonicalPlaceholder().Match(m.Groups[1].Value).Groups[1].Value]);
    }

    /// <summary>Splits a command line as Hadoop streaming and a shell do for our commands: on blanks, honouring quotes.</summary>
    public static List<string> SplitCommandLine(string line)
    {
        var args = new List<string>();
        var current = new System.Text.StringBuilder();
        char? quote = null;
        var inArg = false;
        foreach (var c in line)
        {
            if (quote is { } q)
            {
                if (c == q)
                    quote = null;
                else
                    current.Append(c);
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inArg = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inArg)
                    args.Add(current.ToString());
                current.Clear();
                inArg = false;
            }
            else
            {
                current.Append(c);
                inArg = true;
            }
        }
        Assert.True(quote is null, "unbalanced quote in: " + line);
        if (inArg)
            args.Add(current.ToString());
        return args;
    }
}
