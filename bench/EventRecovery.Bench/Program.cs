using EventRecovery.Bench.Cli;
using EventRecovery.Bench.Corpus;
using EventRecovery.Bench.Measure;

namespace EventRecovery.Bench;

internal static class Program
{
    private const string Usage = """
        event-recovery-bench: measures event-recovery (see bench/README.md)

          corpus --out FILE --size 200MB [--seed N] [--mix default|failing|unrecoverable-heavy|even|KIND=W,...] [--config-out FILE]
          core   --corpus FILE --config FILE [--threads N] [--runs N] [--max-bytes SIZE]
          scan   --corpus FILE [--threads N] [--runs N] [--max-bytes SIZE]
          e2e    --corpus FILE --config FILE [--workers N] [--runs N] [--cli PATH]
          jq     --corpus FILE [--runs N]
          profile --corpus FILE --config FILE [--max-bytes SIZE]
          kinesis --corpus FILE --config FILE [--mode sink|run] [--new DIR] [--base DIR] [--pairs 5] [--records 500000] [--max-bytes 50MB]
          ab     --base DIR --new DIR --corpus FILE --config FILE [--rounds 20] [--max-bytes 50MB] [--rounds-out TSV]
          all    [--dir /tmp/bench] [--size 200MB] [--runs 3] [--seed N] [--skip-jq]
          micro  [BenchmarkDotNet arguments, e.g. --filter '*Thrift*']
        """;

    public static int Main(string[] argv)
    {
        if (argv.Length == 0 || argv[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return argv.Length == 0 ? 2 : 0;
        }
        try
        {
            var rest = argv[1..];
            return argv[0] switch
            {
                "corpus" => CorpusCommand.Run(new Args(rest)),
                "core" => CoreCommand.Run(new Args(rest)),
                "scan" => ScanCommand.Run(new Args(rest)),
                "e2e" => EndToEndCommand.Run(new Args(rest)),
                "jq" => JqCommand.Run(new Args(rest)),
                "profile" => ProfileCommand.Run(new Args(rest)),
                "ab" => SpeedComparison.Run(new Args(rest)),
                "kinesis" => Kinesis.KinesisCommand.Run(new Args(rest)),
                "kinesis-sink-run" => Kinesis.SinkRun.Run(new Args(rest)),
                "all" => AllCommand.Run(new Args(rest)),
                "micro" => Micro.MicroCommand.Run(rest),
                _ => throw new UsageException($"unknown command '{argv[0]}'"),
            };
        }
        catch (Exception e) when (e is UsageException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }
    }
}
