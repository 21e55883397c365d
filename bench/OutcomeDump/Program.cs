// Prints the outcome of every line, one line each, in a form that only changes when an outcome does: kind, bad row
// type, flows, reason, the failed row and the payload (base64), with a fixed clock and processor version. Built
// against two versions of the core, it shows whether a change altered any outcome (bench/compare-outcomes.sh).
//
//   outcome-dump CONFIG LINES     one config, a file of lines (bad rows)
//   outcome-dump --pairs FILE     each line {"config": "<config text>", "line": "<base64 of the line's bytes>"}
using System.Text;
using System.Text.Json;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Recovery;

var options = new RecoveryOptions { Clock = new StoppedClock(), ProcessorVersion = "x" };
using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false));
var n = 0;
if (args is ["--pairs", var pairs])
{
    foreach (var text in File.ReadLines(pairs))
    {
        using var pair = JsonDocument.Parse(text);
        var line = Convert.FromBase64String(pair.RootElement.GetProperty("line").GetString()!);
        string result;
        try
        {
            result = Describe(new Recoverer(ConfigLoader.Load(pair.RootElement.GetProperty("config").GetString()!), options).Recover(line));
        }
        catch (Exception e)
        {
            result = $"EXCEPTION\t{e.GetType().Name}: {e.Message}";
        }
        output.WriteLine($"{++n}\t{Escaped(result)}");
    }
}
else if (args is [var config, var linesFile])
{
    var recoverer = new Recoverer(ConfigLoader.Load(File.ReadAllText(config)), options);
    foreach (var line in Lines(linesFile))
    {
        string result;
        try
        {
            result = Describe(recoverer.Recover(line));
        }
        catch (Exception e)
        {
            result = $"EXCEPTION\t{e.GetType().Name}: {e.Message}";
        }
        output.WriteLine($"{++n}\t{Escaped(result)}");
    }
}
else
{
    Console.Error.WriteLine("usage: outcome-dump CONFIG LINES | outcome-dump --pairs FILE");
    return 2;
}
return 0;

static string Describe(RecoveryOutcome o) =>
    $"{o.Kind}\t{o.BadRowType}\t{string.Join(",", o.Flows)}\t{o.Reason}\t{o.BadRowJson}\t{(o.Payload is null ? "" : Convert.ToBase64String(o.Payload))}";

// One output line per input line, whatever the text holds; lone surrogates written as \uXXXX so they survive.
static string Escaped(string s)
{
    var sb = new StringBuilder(s.Length);
    foreach (var c in s)
    {
        if (c == '\n')
            sb.Append("\\n");
        else if (c == '\r')
            sb.Append("\\r");
        else if (char.IsSurrogate(c))
            sb.Append($"\\u{(int)c:X4}");
        else
            sb.Append(c);
    }
    return sb.ToString();
}

static IEnumerable<byte[]> Lines(string path)
{
    var all = File.ReadAllBytes(path);
    var start = 0;
    for (var i = 0; i < all.Length; i++)
    {
        if (all[i] != (byte)'\n')
            continue;
        yield return all[start..i];
        start = i + 1;
    }
    if (start < all.Length)
        yield return all[start..];
}

sealed class StoppedClock : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
