using System.CommandLine;
using System.Text;
using EventRecovery.Core.Codecs;
using EventRecovery.Core.Explain;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Thrift;

namespace EventRecovery.Cli.Commands;

/// <summary>
/// <c>event-recovery decode</c>: recovered payloads (base64 Thrift lines, or raw Thrift records) as readable JSON,
/// every field by name, the querystring and the encoded events and contexts decoded.
/// </summary>
internal static class DecodeCommand
{
    public static Command Create(TextWriter console, TextWriter stdout)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description =
                "Files to decode: recovered part files (one base64 payload per line), or with --raw one Thrift record per file. Standard input when none is given.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var raw = new Option<bool>("--raw")
        {
            Description =
                "Each file (or standard input) is one raw Thrift CollectorPayload, as a Kinesis record holds it, not base64 lines.",
        };
        var format = new Option<string>("--format")
        {
            Description = "text: for people; json: one JSON document per payload (docs/explain-format.md).",
            DefaultValueFactory = _ => "text",
        }.AcceptOnlyFromAmong("text", "json");
        var full = new Option<bool>("--full")
        {
            Description = "Show long values whole (text), instead of cutting them to the screen's width.",
        };
        var command = new Command(
            "decode",
            """
            Print recovered collector payloads readably: every Thrift field by name, the querystring as name/value
            pairs, ue_pr, ue_px, co and cx decoded into JSON, a tracker's POST body decoded, headers as a list.
            Reads the lines of recovered part files (base64), or raw Thrift with --raw (a Kinesis record saved to
            a file). A payload that does not decode is reported with its file and line, and the exit code is 1.

            Examples:
              event-recovery decode out/part-*.txt
              head -1 out/part-x-0.txt | event-recovery decode --format json
              event-recovery decode --raw record.bin
            """
        )
        {
            files,
            raw,
            format,
            full,
        };
        command.SetAction(parse =>
        {
            var json = parse.GetValue(format) == "json";
            var style = new TextStyle(
                parse.GetValue(full) ? null : 120,
                Colour: !json && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null
            );
            var names = parse.GetValue(files) is { Length: > 0 } given ? given : ["-"];
            var decoded = 0;
            var failed = 0;
            foreach (var name in names)
            {
                Stream stream;
                try
                {
                    stream = name == "-" ? Console.OpenStandardInput() : File.OpenRead(name);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    console.WriteLine($"error: {name}: {e.Message}");
                    return ExitCodes.Usage;
                }
                var label = name == "-" ? "stdin" : name;
                using (stream)
                {
                    if (parse.GetValue(raw))
                    {
                        using var bytes = new MemoryStream();
                        stream.CopyTo(bytes);
                        Show(label, () => bytes.ToArray());
                        continue;
                    }
                    using var reader = new StreamReader(stream, new UTF8Encoding(false));
                    var n = 0;
                    while (reader.ReadLine() is { } line)
                    {
                        n++;
                        if (line.Trim().Length == 0)
                            continue;
                        Show($"{label}:{n}", () => Base64Text.DecodeBytes(line.Trim()));
                    }
                }
            }
            if (failed > 0)
                console.WriteLine($"{failed} payload{(failed == 1 ? "" : "s")} could not be decoded; {decoded} decoded");
            return failed > 0 ? ExitCodes.RuntimeFailure : ExitCodes.Success;

            void Show(string location, Func<byte[]> read)
            {
                try
                {
                    var payload = DecodedPayload.Of(CollectorPayloadThrift.Decode(read()));
                    stdout.Write(json ? TraceJson.Write(payload) + "\n" : TraceText.Write(payload, location, style));
                    decoded++;
                }
                catch (Exception e) when (e is RowFailure or ThriftFormatException)
                {
                    console.WriteLine($"error: {location}: not a Thrift CollectorPayload: {e.Message}");
                    failed++;
                }
            }
        });
        return command;
    }
}
