using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using EventRecovery.Bench.Cli;

namespace EventRecovery.Bench.Corpus;

/// <summary>
/// <c>corpus --out FILE --size 200MB [--seed N] [--mix default] [--config-out FILE]</c>: streams a seeded corpus of
/// bad rows to a file (nothing held in memory but the row being written) and prints the proportions it wrote.
/// </summary>
internal static class CorpusCommand
{
    public static int Run(Args args)
    {
        var outPath = args.Required("out");
        var size = args.Size("size", 200_000_000);
        var seed = (ulong)args.Int("seed", 42);
        var mixName = args.Get("mix", "default");
        var result = Generate(outPath, size, seed, mixName, Console.Out);
        if (args.Get("config-out") is { } configOut)
        {
            File.WriteAllText(configOut, BenchConfig.Text);
            Console.WriteLine($"config: {configOut}");
        }
        return result.Lines > 0 ? 0 : 1;
    }

    public sealed record Result(long Lines, long Bytes);

    public static Result Generate(string outPath, long size, ulong seed, string mixName, TextWriter report)
    {
        var mix = RowKinds.Mix(mixName);
        var totalWeight = mix.Sum(m => m.Weight);
        var rng = new Rng(seed);
        var rows = new RowWriter(new Rng(seed ^ 0x5EED_0F_C0_4B05UL));
        var counts = new Dictionary<RowKind, (long Lines, long Bytes)>();
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var json = new Utf8JsonWriter(buffer, JsonText.Options);
        var watch = Stopwatch.StartNew();
        long written = 0,
            lines = 0;

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        using (var file = new FileStream(outPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20))
        {
            while (written < size)
            {
                var kind = Pick(mix, totalWeight, rng);
                buffer.ResetWrittenCount();
                json.Reset(buffer);
                rows.Write(kind, json);
                json.Flush();
                file.Write(buffer.WrittenSpan);
                file.WriteByte((byte)'\n');
                var n = buffer.WrittenCount + 1;
                written += n;
                lines++;
                counts[kind] = counts.TryGetValue(kind, out var c) ? (c.Lines + 1, c.Bytes + n) : (1, n);
            }
        }

        report.WriteLine(
            $"wrote {outPath}: {lines:N0} lines, {written / 1e6:F1} MB in {watch.Elapsed.TotalSeconds:F1} s (seed {seed}, mix {mixName})"
        );
        report.WriteLine();
        report.WriteLine($"{"kind", -20} {"bad row type", -36} {"expected", -14} {"lines", 10} {"% lines", 8} {"% bytes", 8} {"avg B", 7}");
        foreach (var kind in RowKinds.All.Where(counts.ContainsKey))
        {
            var (l, b) = counts[kind];
            report.WriteLine(
                $"{kind.Name, -20} {kind.BadRowType, -36} {kind.Expected, -14} {l, 10:N0} {100.0 * l / lines, 7:F1}% {100.0 * b / written, 7:F1}% {b / l, 7}"
            );
        }
        report.WriteLine();
        foreach (var expected in Enum.GetValues<Expected>())
        {
            var l = counts.Where(c => c.Key.Expected == expected).Sum(c => c.Value.Lines);
            report.WriteLine($"expected {expected.ToString().ToLowerInvariant(), -14} {l, 10:N0} lines ({100.0 * l / lines:F1}%)");
        }
        foreach (var type in counts.Keys.Select(k => k.BadRowType).Distinct())
        {
            var l = counts.Where(c => c.Key.BadRowType == type).Sum(c => c.Value.Lines);
            report.WriteLine($"type {type, -36} {l, 10:N0} lines ({100.0 * l / lines:F1}%)");
        }
        return new Result(lines, written);
    }

    private static RowKind Pick(IReadOnlyList<(RowKind Kind, int Weight)> mix, int totalWeight, Rng rng)
    {
        var r = rng.Next(totalWeight);
        foreach (var (kind, weight) in mix)
        {
            if (r < weight)
                return kind;
            r -= weight;
        }
        return mix[^1].Kind;
    }
}
