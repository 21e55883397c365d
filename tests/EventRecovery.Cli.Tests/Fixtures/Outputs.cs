using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Thrift;

namespace EventRecovery.Cli.Tests.Fixtures;

/// <summary>Reads what a run wrote, checking as it goes that every line is complete and valid.</summary>
public static partial class Outputs
{
    public const string RecoveryErrorFolder = "com.snowplowanalytics.snowplow.badrows.recovery_error";
    public const string FormatViolationFolder = "com.snowplowanalytics.snowplow.badrows.collector_payload_format_violation";

    [GeneratedRegex(@"mk-\d{6}")]
    private static partial Regex MarkerPattern();

    /// <summary>Every file under <paramref name="root"/>, recursively, hidden ones included.</summary>
    public static List<string> AllFiles(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Files whose name starts with a dot: unfinished parts (the marker of a folder of recovered payloads is not one).</summary>
    public static List<string> HiddenFiles(string root) =>
        AllFiles(root).Where(f => Path.GetFileName(f).StartsWith('.') && Path.GetFileName(f) != OutputMarker).ToList();

    /// <summary>The hidden file that tells runs not to read a folder of recovered payloads as input.</summary>
    public const string OutputMarker = ".event-recovery-output";

    /// <summary>The finished part files directly in <paramref name="directory"/> (not in its subfolders).</summary>
    public static List<string> Parts(string directory)
    {
        if (!Directory.Exists(directory))
            return [];
        var files = Directory
            .EnumerateFiles(directory)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.All(files, f => Assert.Matches(@"^part-.+\.txt$", Path.GetFileName(f)));
        return files;
    }

    /// <summary>The lines of a finished file, which must end with a newline (no cut line).</summary>
    public static List<string> CompleteLines(string file)
    {
        var text = File.ReadAllText(file, new UTF8Encoding(false, true));
        if (text.Length == 0)
            return [];
        Assert.True(text.EndsWith('\n'), $"{file} does not end with a newline: its last line is cut");
        var lines = text[..^1].Split('\n').ToList();
        Assert.DoesNotContain("", lines);
        return lines;
    }

    /// <summary>Decodes one recovered line: standard base64 of a Thrift CollectorPayload.</summary>
    public static CollectorPayload Decode(string base64Line) => CollectorPayloadThrift.Decode(Convert.FromBase64String(base64Line));

    /// <summary>The recovered payloads in the part files of <paramref name="directory"/>.</summary>
    public static List<CollectorPayload> Recovered(string directory) => Parts(directory).SelectMany(CompleteLines).Select(Decode).ToList();

    /// <summary>The bad rows (parsed JSON) in the part files of <paramref name="root"/>/<paramref name="folder"/>.</summary>
    public static List<JsonObject> BadRowsIn(string root, string folder = RecoveryErrorFolder) =>
        BadRowLines(root, folder).Select(l => Assert.IsType<JsonObject>(JsonNode.Parse(l))).ToList();

    /// <summary>The lines of the part files of <paramref name="root"/>/<paramref name="folder"/>, each checked to be a bad row.</summary>
    public static List<string> BadRowLines(string root, string folder = RecoveryErrorFolder)
    {
        var lines = Parts(Path.Combine(root, folder)).SelectMany(CompleteLines).ToList();
        foreach (var line in lines)
            AssertBadRow(line);
        return lines;
    }

    /// <summary>Checks a bad row line: a self-describing JSON object with a badrows schema.</summary>
    public static void AssertBadRow(string line)
    {
        using var row = JsonDocument.Parse(line);
        Assert.Equal(JsonValueKind.Object, row.RootElement.ValueKind);
        Assert.StartsWith("iglu:com.snowplowanalytics.snowplow.badrows/", row.RootElement.GetProperty("schema").GetString());
        Assert.Equal(JsonValueKind.Object, row.RootElement.GetProperty("data").ValueKind);
    }

    /// <summary>The value of a querystring parameter, URL-decoded.</summary>
    public static string? Parameter(CollectorPayload payload, string name) =>
        (payload.Querystring ?? "")
            .Split('&')
            .Select(p => p.Split('=', 2))
            .Where(p => p[0] == name)
            .Select(p => Uri.UnescapeDataString(p.Length > 1 ? p[1].Replace('+', ' ') : ""))
            .FirstOrDefault();

    /// <summary>The markers (<see cref="BadRows.Marker"/>) found in a text.</summary>
    public static IEnumerable<string> Markers(string text) => MarkerPattern().Matches(text).Select(m => m.Value);

    /// <summary>What a run wrote, by outcome, as the markers of the lines.</summary>
    public sealed record Found(List<string> Recovered, List<string> Failed, List<string> NotBadRows, List<string> Unrecoverable)
    {
        public int Total => Recovered.Count + Failed.Count + NotBadRows.Count + Unrecoverable.Count;
        public IEnumerable<string> All => Recovered.Concat(Failed).Concat(NotBadRows).Concat(Unrecoverable);
    }

    /// <summary>
    /// Reads every finished output of a run, asserting each line is complete and valid (recovered lines decode as
    /// Thrift, bad rows parse as JSON), that no file other than finished parts exists, and that each line holds exactly
    /// one marker.
    /// </summary>
    public static Found Read(string output, string failed, string unrecoverable, bool allowHidden = false)
    {
        var found = new Found(
            Recovered(output).Select(p => Single(Parameter(p, "id") ?? "", p.Querystring ?? "")).ToList(),
            BadRowLines(failed).Select(r => Single(r, "failed row")).ToList(),
            BadRowLines(failed, FormatViolationFolder).Select(r => Single(r, "format violation row")).ToList(),
            BadRowLines(unrecoverable).Select(r => Single(r, "unrecoverable row")).ToList()
        );
        foreach (var root in new[] { output, failed, unrecoverable }.Distinct())
        {
            if (!allowHidden)
                Assert.Empty(HiddenFiles(root));
            // Nothing but finished parts in the known places (and hidden unfinished ones when allowed).
            var known = new[]
            {
                output,
                Path.Combine(failed, RecoveryErrorFolder),
                Path.Combine(failed, FormatViolationFolder),
                Path.Combine(unrecoverable, RecoveryErrorFolder),
                Path.Combine(unrecoverable, FormatViolationFolder),
            };
            foreach (var file in AllFiles(root).Where(f => !Path.GetFileName(f).StartsWith('.')))
                Assert.Contains(Path.GetDirectoryName(file), known);
        }
        return found;
    }

    /// <summary>The marker of a line with one, or <see cref="NoMarker"/> (a line whose bytes are kept as base64).</summary>
    private static string Single(string text, string what)
    {
        var markers = Markers(text).Distinct().ToList();
        Assert.True(markers.Count <= 1, $"expected one marker in {what}, found {markers.Count}: {text[..Math.Min(300, text.Length)]}");
        return markers.Count == 1 ? markers[0] : NoMarker;
    }

    /// <summary>Stands for a line whose marker is not visible in its output.</summary>
    public const string NoMarker = "(no marker)";

    /// <summary>The summary written by <c>--summary-json</c>.</summary>
    public static JsonObject Summary(string path) => Assert.IsType<JsonObject>(JsonNode.Parse(File.ReadAllText(path)));

    /// <summary>A counter of the JSON summary.</summary>
    public static long Count(this JsonObject summary, string name) => summary[name]!.GetValue<long>();

    /// <summary>
    /// The counts printed in the text summary on standard error (recovered, failed, unrecoverable, numRecordsIn),
    /// read from the lines "recovered N" … and "check numRecordsIn N = …".
    /// </summary>
    public static (long Recovered, long Failed, long Unrecoverable, long RecordsIn) TextSummary(string stderr)
    {
        long Number(string pattern)
        {
            var match = Regex.Match(stderr, pattern, RegexOptions.Multiline);
            Assert.True(match.Success, $"no /{pattern}/ in the summary:\n{stderr}");
            return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        return (
            Number(@"^\s+recovered\s+(\d+)$"),
            Number(@"^\s+failed\s+(\d+)$"),
            Number(@"^\s+unrecoverable\s+(\d+)$"),
            Number(@"check\s+numRecordsIn (\d+) = ")
        );
    }
}
