using System.CommandLine;
using System.Globalization;
using System.Text;
using EventRecovery.Cli.Arguments;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Explain;
using EventRecovery.Core.Recovery;
using EventRecovery.Job.Aws;
using EventRecovery.Job.Pipeline;
using EventRecovery.Job.Sources;

namespace EventRecovery.Cli.Commands;

/// <summary>
/// <c>event-recovery explain</c>: for chosen lines, the whole story of their recovery (flows, conditions, steps
/// before and after, the rebuilt payload decoded, the outcome), as text or one JSON document per line.
/// </summary>
internal static class ExplainCommand
{
    private static readonly string[] Outcomes = ["recovered", "failed", "unrecoverable"];

    public static Command Create(TextWriter console, TextWriter stdout)
    {
        var input = new Option<string[]>("--input")
        {
            Description =
                "Bad rows, as for 'run': files, directories, globs, s3://bucket/prefix, '-' for standard input; .gz is decompressed. Default: the files named by --line.",
            AllowMultipleArgumentsPerToken = true,
        };
        var config = new Option<string>("--config")
        {
            Description = "Recovery configuration: a JSON file, or the base64 of its text.",
            Required = true,
        };
        var line = new Option<string[]>("--line")
        {
            Description =
                "Explain this line: FILE:N (N from 1), as the run summary's examples give it; s3://bucket/key:N for an object. Repeatable.",
            AllowMultipleArgumentsPerToken = true,
        };
        var match = new Option<string?>("--match") { Description = "Only lines containing this text (bytes compared as they are)." };
        var outcome = new Option<string?>("--outcome") { Description = "Only lines with this outcome." }.AcceptOnlyFromAmong(Outcomes);
        var type = new Option<string?>("--type")
        {
            Description =
                "Only bad rows of this type (e.g. schema_violations; the inner type for recovery_error rows; 'invalid' for lines that are not bad rows).",
        };
        var flow = new Option<string?>("--flow")
        {
            Description = "Only rows this flow was considered for (keyed by their schema), whether it applied or not.",
        };
        var limit = new Option<int>("--limit")
        {
            Description = "Explain at most N lines, the first that match.",
            DefaultValueFactory = _ => 10,
        };
        var sample = new Option<int?>("--sample")
        {
            Description =
                "Explain a random sample of N of the matching lines instead of the first ones (the same sample for the same --seed and inputs).",
        };
        var seed = new Option<int>("--seed") { Description = "Seed of --sample.", DefaultValueFactory = _ => 1 };
        var format = new Option<string>("--format")
        {
            Description = "text: for people; json: one JSON document per line (docs/explain-format.md).",
            DefaultValueFactory = _ => "text",
        }.AcceptOnlyFromAmong("text", "json");
        var full = new Option<bool>("--full")
        {
            Description = "Show long values whole (text), instead of cutting them to the screen's width.",
        };
        var strictSteps = new Option<bool>("--strict-steps")
        {
            Description = "Explain as 'run --strict-steps' recovers: a step that changes nothing fails the row.",
        };
        var resolver = new Option<string?>("--resolver")
        {
            Description =
                "Iglu resolver configuration (the one Enrich uses), a file or base64: each recovered payload is verified as 'run --verify' does, and the verdict shown.",
        };
        var verify = new Option<string?>("--verify")
        {
            Description =
                "With --resolver: 'report' (the default) shows the verdict; 'strict' also shows a row that would fail enrichment as the failure 'run --verify strict' writes; 'off' verifies nothing.",
        }.AcceptOnlyFromAmong(VerifyArgument.Values);
        var region = new Option<string?>("--region") { Description = "AWS region, for s3:// inputs." };
        var endpoint = new Option<string?>("--endpoint-url")
        {
            Description = "Custom S3 endpoint (a local test server), for s3:// inputs.",
        };
        var command = new Command(
            "explain",
            """
            Explain how the configuration treats chosen lines: which flows are keyed by each row's schema, each
            condition with the value its path found and whether it held, each step with the value before and
            after (encoded layers such as ue_pr and cx shown decoded), the rebuilt payload decoded, and the outcome
            with its reason: exactly what 'run' would do. With --resolver, each recovered payload is also checked
            against Iglu as Enrich would check it (see 'run --verify'), and the verdict shown. Selections combine (a line must pass all of them); the
            first --limit lines that pass are shown, or a --sample of them. Nothing is written but the explanation.

            Examples:
              event-recovery explain --config config.json --line bad-rows/app.jsonl:3
              event-recovery explain --config config.json --input bad-rows/ --outcome failed --limit 3
              event-recovery explain --config config.json --input s3://bucket/bad/ --type schema_violations --sample 20 --format json
              event-recovery explain --config config.json --resolver resolver.json --input bad-rows/ --outcome recovered
            """
        )
        {
            input,
            config,
            line,
            match,
            outcome,
            type,
            flow,
            limit,
            sample,
            seed,
            format,
            full,
            strictSteps,
            resolver,
            verify,
            region,
            endpoint,
        };
        command.SetAction(
            async (parse, cancellationToken) =>
            {
                try
                {
                    var selection = new Selection(
                        parse.GetValue(line) ?? [],
                        parse.GetValue(match),
                        parse.GetValue(outcome),
                        parse.GetValue(type),
                        parse.GetValue(flow)
                    );
                    var count = parse.GetValue(sample) ?? parse.GetValue(limit);
                    if (count < 1)
                        throw new UsageException(
                            $"{(parse.GetValue(sample) is null ? "--limit" : "--sample")} {count}: must be at least 1"
                        );
                    var inputs = parse.GetValue(input) is { Length: > 0 } given ? given : selection.Files();
                    if (inputs.Length == 0)
                        throw new UsageException("--input or --line is required: which lines to explain?");
                    var options = new RecoveryOptions { ProcessorVersion = VersionInfo.Version, StrictSteps = parse.GetValue(strictSteps) };
                    var recoveryConfig = LoadConfig(parse.GetValue(config)!, options);
                    // Shown whenever a resolver is given: report unless told otherwise.
                    var resolverValue = parse.GetValue(resolver);
                    using var verification = VerifyArgument.Plan(
                        parse.GetValue(verify) ?? (resolverValue is null ? "off" : "report"),
                        resolverValue,
                        options
                    );
                    var tracer = new RowTracer(recoveryConfig, options, verification?.Check);
                    var json = parse.GetValue(format) == "json";
                    var style = new TextStyle(
                        parse.GetValue(full) ? null : Width(),
                        Colour: !json && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null
                    );

                    using var aws = new AwsClients(parse.GetValue(region), parse.GetValue(endpoint));
                    var locations = LocationRegistry.Create(aws);
                    var chosen = new List<(long Seen, RowTrace Trace)>();
                    var random = new Random(parse.GetValue(seed));
                    long read = 0,
                        passed = 0;
                    var sampling = parse.GetValue(sample) is not null;
                    await foreach (var l in InputLines.ReadAsync(locations, inputs, options.MaxLineBytes, console, cancellationToken))
                    {
                        read++;
                        if (!selection.Before(l))
                            continue;
                        var trace = l.IsTruncated ? tracer.TooLong(l.Bytes, l.FullLength, l.Location) : tracer.Trace(l.Bytes, l.Location);
                        if (!selection.After(trace))
                            continue;
                        passed++;
                        if (!sampling)
                        {
                            if (passed <= count)
                                Write(trace);
                            if (passed >= count && selection.AllFound)
                                break;
                            continue;
                        }
                        // Reservoir sampling: every matching line has the same chance, in memory for N traces only.
                        if (chosen.Count < count)
                            chosen.Add((passed, trace));
                        else if (random.NextInt64(passed) is var k && k < count)
                            chosen[(int)k] = (passed, trace);
                    }
                    foreach (var (_, trace) in chosen.OrderBy(c => c.Seen))
                        Write(trace);
                    if (selection.Missing() is { Count: > 0 } missing)
                        throw new UsageException($"--line: no such line: {string.Join(", ", missing)} ({read} lines read)");
                    console.WriteLine(
                        sampling
                            ? $"explained a sample of {chosen.Count} of the {passed} matching lines ({read} lines read)"
                            : $"explained {Math.Min(passed, count)} line{(Math.Min(passed, count) == 1 ? "" : "s")} ({read} lines read)"
                    );
                    return ExitCodes.Success;

                    void Write(RowTrace trace)
                    {
                        stdout.Write(json ? TraceJson.Write(trace) + "\n" : TraceText.Write(trace, style));
                    }
                }
                catch (Exception e) when (e is UsageException or RunPlanException or InputException or ConfigException)
                {
                    console.WriteLine($"error: {e.Message}");
                    return ExitCodes.Usage;
                }
            }
        );
        return command;
    }

    /// <summary>The configuration, or a usage error listing every problem at its JSON location.</summary>
    internal static RecoveryConfig LoadConfig(string value, RecoveryOptions options)
    {
        var validation = ConfigLoader.Validate(TextArgument.Read("--config", value), options);
        return validation.Config
            ?? throw new UsageException(
                $"--config: the configuration is invalid ({validation.Problems.Count} problem{(validation.Problems.Count == 1 ? "" : "s")}; see 'event-recovery validate'):"
                    + string.Concat(validation.Problems.Select(p => Environment.NewLine + "  " + p))
            );
    }

    private static int Width()
    {
        try
        {
            return Console.IsOutputRedirected || Console.WindowWidth < 40 ? 120 : Console.WindowWidth;
        }
        catch (IOException)
        {
            return 120;
        }
    }

    /// <summary>Which lines to explain: some tests need only the line, the others its trace.</summary>
    private sealed class Selection(string[] lines, string? match, string? outcome, string? type, string? flow)
    {
        private readonly byte[]? _match = match is null ? null : Encoding.UTF8.GetBytes(match);
        private readonly HashSet<(string File, long Line)> _found = [];

        public IReadOnlyList<(string File, long Line)> Lines { get; } = lines.Select(Parse).ToList();

        private static (string File, long Line) Parse(string value)
        {
            var colon = value.LastIndexOf(':');
            if (colon <= 0 || !long.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                throw new UsageException($"--line {value}: expected FILE:N, with N a line number from 1");
            return (value[..colon], n);
        }

        /// <summary>The files --line names, to read when no --input is given.</summary>
        public string[] Files() => Lines.Select(l => l.File).Distinct().ToArray();

        public bool Before(InputLine line)
        {
            if (Lines.Count > 0)
            {
                var at = Lines.FirstOrDefault(l => l.Line == line.Number && SameInput(l.File, line.Split.Name));
                if (at.File is null)
                    return false;
                _found.Add(at);
            }
            return _match is null || line.Bytes.Span.IndexOf(_match) >= 0;
        }

        public bool After(RowTrace trace) =>
            (outcome is null || trace.Outcome.Kind == outcome)
            && (type is null || trace.BadRowType == type)
            && (flow is null || trace.Flows.Any(f => f.Name == flow));

        /// <summary>Whether every --line value was found (true without any).</summary>
        public bool AllFound => _found.Count == Lines.Distinct().Count();

        /// <summary>The --line values no input had.</summary>
        public List<string> Missing() => Lines.Where(l => !_found.Contains(l)).Select(l => $"{l.File}:{l.Line}").ToList();

        private static bool SameInput(string given, string name) =>
            given == name
            || (
                !given.Contains("://", StringComparison.Ordinal)
                && !name.Contains("://", StringComparison.Ordinal)
                && Path.GetFullPath(given) == Path.GetFullPath(name)
            );
    }
}
