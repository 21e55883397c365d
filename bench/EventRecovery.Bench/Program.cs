using EventRecovery.Bench.Cli;
using EventRecovery.Bench.Corpus;

namespace EventRecovery.Bench;

internal static class Program
{
    private const string Usage = """
        event-recovery-bench: measures event-recovery (see bench/README.md)

          corpus --out FILE --size 200MB [--seed N] [--mix default|even] [--config-out FILE]
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
                _ => throw new UsageException($"unknown command '{argv[0]}'"),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }
    }
}
