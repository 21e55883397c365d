using System.Diagnostics;
using System.Text.Json;
using EventRecovery.Bench.Cli;

namespace EventRecovery.Bench.Kinesis;

/// <summary>What one sink run measured over its timed part (after the warm-up).</summary>
internal sealed record SinkFigures(long Records, long Bytes, double WallSeconds, double CpuSeconds, long AllocatedBytes, int Collections)
{
    public double RecordsPerSecond => Records / WallSeconds;

    public double RecordsPerCpuSecond => Records / CpuSeconds;
}

/// <summary>
/// <c>kinesis-sink-run</c>, the child process of <c>kinesis --mode sink</c>: loads one build's Kinesis sink
/// (<see cref="JobBuild"/>), writes the payloads of a file to it as the CLI's writer does (one record at a time,
/// awaiting each write), then completes it. A warm-up of <c>--warm</c> records, flushed, comes first, so the timed
/// part is the sink at its steady pace and not the JIT and the first connections. The process's own CPU time, its
/// allocations and its garbage collections over the timed part go to <c>--out</c> as JSON. Credentials come from
/// the environment, as for the CLI.
/// </summary>
internal static class SinkRun
{
    public static int Run(Args args)
    {
        var build = JobBuild.Load(args.Required("job"));
        var endpoint = new Uri(args.Required("endpoint"));
        var payloads = PayloadFile.Read(args.Required("payloads"));
        var records = args.Int("records", payloads.Count);
        var warm = Math.Min(args.Int("warm", 20_000), records / 2);
        var figures = RunAsync(build, endpoint, payloads, records, warm).GetAwaiter().GetResult();
        File.WriteAllText(args.Required("out"), JsonSerializer.Serialize(figures));
        return 0;
    }

    private static async Task<SinkFigures> RunAsync(JobBuild build, Uri endpoint, List<byte[]> payloads, int records, int warm)
    {
        var sink = build.CreateSink("bench", endpoint, "us-east-1");
        try
        {
            await sink.CheckWritableAsync(CancellationToken.None);
            await WriteAsync(sink, payloads, 0, warm);
            await sink.FlushAsync(CancellationToken.None);

            var process = Process.GetCurrentProcess();
            var collections = GC.CollectionCount(0);
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var bytes = await WriteAsync(sink, payloads, warm, records - warm);
            await sink.CompleteAsync(CancellationToken.None);
            var wall = watch.Elapsed.TotalSeconds;
            process.Refresh();
            return new SinkFigures(
                records - warm,
                bytes,
                wall,
                (process.TotalProcessorTime - cpu).TotalSeconds,
                GC.GetTotalAllocatedBytes(precise: true) - allocated,
                GC.CollectionCount(0) - collections
            );
        }
        finally
        {
            await sink.DisposeAsync();
        }
    }

    /// <summary>
    /// Writes records <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/>, cycling through the payloads.
    /// </summary>
    private static async Task<long> WriteAsync(RecordSink sink, List<byte[]> payloads, int from, int count)
    {
        long bytes = 0;
        for (var i = from; i < from + count; i++)
        {
            var payload = payloads[i % payloads.Count];
            bytes += payload.Length;
            var write = sink.WriteAsync(payload, CancellationToken.None);
            if (!write.IsCompletedSuccessfully)
                await write;
        }
        return bytes;
    }
}

/// <summary>Payloads in a file, each as a 4-byte little-endian length and its bytes.</summary>
internal static class PayloadFile
{
    public static void Write(string path, IEnumerable<byte[]> payloads)
    {
        using var file = new BufferedStream(File.Create(path), 1 << 20);
        Span<byte> length = stackalloc byte[4];
        foreach (var payload in payloads)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, payload.Length);
            file.Write(length);
            file.Write(payload);
        }
    }

    public static List<byte[]> Read(string path)
    {
        var all = File.ReadAllBytes(path);
        var payloads = new List<byte[]>();
        for (var at = 0; at < all.Length; )
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(all.AsSpan(at));
            payloads.Add(all.AsSpan(at + 4, length).ToArray());
            at += 4 + length;
        }
        if (payloads.Count == 0)
            throw new UsageException($"{path} holds no payloads");
        return payloads;
    }
}
