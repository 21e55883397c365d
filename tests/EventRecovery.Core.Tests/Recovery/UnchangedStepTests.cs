using System.Text;
using System.Text.Json;
using EventRecovery.Core.BadRows;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.InPlace;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Tests.Fixtures;
using EventRecovery.Core.Tests.InPlace;
using EventRecovery.Core.Thrift;

namespace EventRecovery.Core.Tests.Recovery;

/// <summary>
/// A step that changes nothing in a row is reported with the outcome (<see cref="RecoveryOutcome.UnchangedSteps"/>),
/// the same by both engines; with <see cref="RecoveryOptions.StrictSteps"/> it fails the row, naming flow and step.
/// </summary>
public class UnchangedStepTests
{
    private static readonly RecoveryOptions StrictInPlace = InPlaceRecoveryTests.InPlaceOn with { StrictSteps = true };
    private static readonly RecoveryOptions StrictTree = InPlaceRecoveryTests.TreeOnly with { StrictSteps = true };

    private const string Layer =
        """{"schema":"s","data":{"schema":"iglu:com.acme/c/jsonschema/1-0-0","data":{"age":"37","n":1500,"k":{"a":1},"l":[1,2],"o":{"x":1,"y":[2]},"t":"caf\u00e9 \"x\""}}}""";

    /// <summary>A schema_violations row: plain parameters, a null one, an empty one, ue_pr (JSON text) and cx (base64) holding <see
    /// cref="Layer"/>.</summary>
    internal static readonly string Line = BadRowLines.SchemaViolations(
        BadRowLines.EnrichmentPayload(
            BadRowLines.RawEvent(r =>
                r["parameters"] = BadRowLines.Parameters(
                    ("e", "se"),
                    ("aid", "app-1"),
                    ("empty", ""),
                    ("nul", null),
                    ("fr", "café <b>"),
                    ("ue_pr", Layer),
                    ("cx", Convert.ToBase64String(Encoding.UTF8.GetBytes(Layer)))
                )
            )
        )
    );

    private const string P = "$.raw.parameters";

    /// <summary>Steps, the indices of those that change nothing, and whether recovery in place takes the row.</summary>
    public static TheoryData<string, string, bool> Cases =>
        new()
        {
            // Strings in the line.
            { $$$"""[{"op":"Replace","path":"{{{P}}}.aid","match":"^zzz$","value":"x"}]""", "0", true },
            { $$$"""[{"op":"Replace","path":"{{{P}}}.aid","value":"app-1"}]""", "0", true },
            { $$$"""[{"op":"Replace","path":"{{{P}}}.aid","value":"app-2"}]""", "", true },
            { $$$"""[{"op":"Remove","path":"{{{P}}}.empty"}]""", "0", true },
            { $$$"""[{"op":"Remove","path":"{{{P}}}.aid","match":"zzz"}]""", "0", true },
            { $$$"""[{"op":"Remove","path":"{{{P}}}.aid","match":"-1$"}]""", "", true },
            { $$$"""[{"op":"Cast","path":"{{{P}}}.aid","from":"String","to":"String"}]""", "0", true },
            { $$$"""[{"op":"Add","path":"{{{P}}}.aid","value":""}]""", "0", true },
            // A null made a string is a change, though the string is empty.
            { $$$"""[{"op":"Remove","path":"{{{P}}}.nul"}]""", "", true },
            // The second step sets what the first wrote; the third changes it again.
            {
                $$$"""[{"op":"Replace","path":"{{{P}}}.aid","value":"app-2"},{"op":"Replace","path":"{{{P}}}.aid","value":"app-2"},{"op":"Replace","path":"{{{P}}}.aid","match":"2","value":"3"}]""",
                "1",
                true
            },
            // A filter selecting several values: unchanged only when none changed ("e", "empty" and "ue_pr" all contain an e).
            { $$$"""[{"op":"Replace","path":"{{{P}}}[?(@.name=~e)].value","match":"^se$","value":"ev"}]""", "", true },
            { $$$"""[{"op":"Replace","path":"{{{P}}}[?(@.name=~e)].value","match":"^zz$","value":"ev"}]""", "0", true },
            // Inside encoded layers.
            { $$$"""[{"op":"Replace","path":"{{{P}}}.ue_pr.data.schema","match":"2-0-0$","value":"2-0-1"}]""", "0", true },
            { $$$"""[{"op":"Replace","path":"{{{P}}}.ue_pr.data.schema","match":"1-0-0$","value":"1-0-1"}]""", "", true },
            { $$$"""[{"op":"Cast","path":"{{{P}}}.cx.data.data.age","from":"String","to":"Numeric"}]""", "", true },
            { $$$"""[{"op":"Cast","path":"{{{P}}}.cx.data.data.age","from":"String","to":"String"}]""", "0", true },
            { $$$"""[{"op":"Add","path":"{{{P}}}.cx.data.data.k","value":{}}]""", "0", true },
            { $$$"""[{"op":"Add","path":"{{{P}}}.cx.data.data.k","value":{"a":1}}]""", "0", true },
            { $$$"""[{"op":"Add","path":"{{{P}}}.cx.data.data.k","value":{"b":1}}]""", "", true },
            { $$$"""[{"op":"Add","path":"{{{P}}}.ue_pr.data.data.l","value":[]}]""", "0", true },
            { $$$"""[{"op":"Add","path":"{{{P}}}.ue_pr.data.data.n","value":0}]""", "0", true },
            { $$$"""[{"op":"Replace","path":"{{{P}}}.ue_pr.data.data.n","value":1500}]""", "0", true },
            { $$$"""[{"op":"Replace","path":"{{{P}}}.ue_pr.data.data.n","value":1500.0}]""", "0", true },
            { $$$"""[{"op":"Replace","path":"{{{P}}}.ue_pr.data.data.n","value":1.5e3}]""", "0", true },
            // Strings are compared by their characters, not by how the JSON escapes them.
            { $$$"""[{"op":"Replace","path":"{{{P}}}.ue_pr.data.data.t","value":"café \"x\""}]""", "0", true },
            { $$$"""[{"op":"Replace","path":"{{{P}}}.cx.data.data.t","match":"é","value":"\u00e9"}]""", "0", true },
            { $$$"""[{"op":"Replace","path":"{{{P}}}.cx.data.data.t","match":"é","value":"e"}]""", "", true },
            { $$$"""[{"op":"Replace","path":"{{{P}}}.fr","value":"café <b>"}]""", "0", true },
            { $$$"""[{"op":"Replace","path":"{{{P}}}.fr","match":"<","value":"\u003c"}]""", "0", true },
            // A string replaced by a number takes the number's JSON text: "37" stays "37".
            { $$$"""[{"op":"Replace","path":"{{{P}}}.ue_pr.data.data.age","value":37}]""", "0", true },
            { $$$"""[{"op":"Replace","path":"{{{P}}}.ue_pr.data.data.age","value":38}]""", "", true },
            { $$$"""[{"op":"Replace","path":"{{{P}}}.ue_pr.data.data.n","value":1501}]""", "", true },
            { $$$"""[{"op":"Replace","path":"{{{P}}}.ue_pr.data.data.k","value":{"a":1}}]""", "0", true },
            { $$$"""[{"op":"Replace","path":"{{{P}}}.ue_pr.data.data.o","value":{"y":[2],"x":1.0}}]""", "0", true },
            { $$$"""[{"op":"Replace","path":"{{{P}}}.ue_pr.data.data.o","value":{"y":[2],"x":1,"z":null}}]""", "", true },
            { $$$"""[{"op":"Replace","path":"{{{P}}}.ue_pr.data.data.l","value":[2,1]}]""", "", true },
            // On a tree only: a step that changes the line's array (Add of nothing leaves it as it was).
            { $$$"""[{"op":"Add","path":"{{{P}}}","value":[]}]""", "0", false },
            { $$$"""[{"op":"Add","path":"{{{P}}}","value":[{"name":"x","value":"1"}]}]""", "", false },
            // Several steps of one flow: each is judged alone.
            {
                $$$"""[{"op":"Remove","path":"{{{P}}}.empty"},{"op":"Replace","path":"{{{P}}}.aid","value":"app-2"},{"op":"Cast","path":"{{{P}}}.ue_pr.data.schema","from":"String","to":"String"}]""",
                "0,2",
                true
            },
        };

    private static RecoveryConfig Config(string steps) =>
        Configs.Load(Configs.Text(Configs.Key("schema_violations"), Configs.Flow("fix", steps)));

    private static string Indices(RecoveryOutcome outcome) =>
        string.Join(",", (outcome.UnchangedSteps ?? []).Select(s => s.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>What recovery in place alone reports unchanged for <paramref name="line"/>, or null when it leaves the row to the
    /// tree.</summary>
    private static string? InPlaceIndices(string line, RecoveryConfig config)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        using var document = JsonDocument.Parse(bytes.AsMemory());
        var row = BadRow.From(document.RootElement);
        using var edits = new LineEdits(bytes, row.Data);
        List<UnchangedStep>? unchanged = null;
        try
        {
            var flows = InPlaceRecovery.SelectFlows(config, row, edits);
            InPlaceRecovery.Rebuild(row, flows, edits, strict: false, ref unchanged, out _);
        }
        catch (NotInPlace)
        {
            return null;
        }
        return string.Join(",", (unchanged ?? []).Select(s => s.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_step_that_changes_nothing_is_reported_the_same_by_both_engines_and_the_row_is_recovered(
        string steps,
        string unchanged,
        bool inPlace
    )
    {
        var config = Config(steps);
        var tree = new Recoverer(config, InPlaceRecoveryTests.TreeOnly).Recover(Line);
        var outcome = new Recoverer(config, InPlaceRecoveryTests.InPlaceOn).Recover(Line);

        Assert.True(outcome.Kind == OutcomeKind.Recovered, outcome.Reason);
        Assert.Equal(unchanged, Indices(tree));
        InPlaceRecoveryTests.AssertSame(tree, outcome, steps);
        Assert.Equal(inPlace ? unchanged : null, InPlaceIndices(Line, config));
        Assert.All(outcome.UnchangedSteps ?? [], s => Assert.Equal("fix", s.Flow.Name));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Strict_steps_fail_the_row_at_the_first_step_that_changes_nothing(string steps, string unchanged, bool inPlace)
    {
        _ = inPlace;
        var config = Config(steps);
        var tree = new Recoverer(config, StrictTree).Recover(Line);
        var outcome = new Recoverer(config, StrictInPlace).Recover(Line);
        InPlaceRecoveryTests.AssertSame(tree, outcome, steps);
        if (unchanged.Length == 0)
        {
            // Nothing to object to: the row is recovered as without strict steps.
            Assert.Equal(OutcomeKind.Recovered, outcome.Kind);
            Assert.Equal(new Recoverer(config, InPlaceRecoveryTests.InPlaceOn).Recover(Line).Payload, outcome.Payload);
            return;
        }
        var first = int.Parse(unchanged.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
        var step = config.Flows[0].Steps[first];
        Assert.Equal(OutcomeKind.Failed, outcome.Kind);
        Assert.Equal(
            $"flow fix: steps[{first}] ({step.Op} at {step.Path.Text}) changed nothing, and strict steps fail such a row",
            outcome.Reason
        );
        Assert.Equal(first.ToString(System.Globalization.CultureInfo.InvariantCulture), Indices(outcome));
        // The failed row names the flow and carries the reason, as for any step that fails.
        var failure = JsonDocument.Parse(outcome.BadRowJson!).RootElement.GetProperty("data").GetProperty("failure");
        Assert.Equal("fix", failure.GetProperty("configName").GetString());
        Assert.Equal(outcome.Reason, failure.GetProperty("error").GetString());
    }

    [Fact]
    public void Steps_are_named_by_their_flow_and_their_index_in_it()
    {
        var text = Configs.Text(
            Configs.Key("adapter_failures"),
            Configs.Flow(
                "first",
                """[{"op":"Replace","path":"$.querystring.e","value":"pv"},{"op":"Replace","path":"$.querystring.e","value":"pp"}]"""
            ),
            Configs.Flow("second", """[{"op":"Replace","path":"$.querystring.url","match":"^ftp:","value":"x"}]""")
        );
        var line = BadRowLines.AdapterFailures();
        var config = Configs.Load(text);
        var outcome = new Recoverer(config, InPlaceRecoveryTests.InPlaceOn).Recover(line);

        Assert.Equal(OutcomeKind.Recovered, outcome.Kind);
        Assert.Equal(
            ["first steps[0] Replace at $.querystring.e", "second steps[0] Replace at $.querystring.url"],
            outcome.UnchangedSteps!.Select(s => s.ToString())
        );
        InPlaceRecoveryTests.AssertSame(new Recoverer(config, InPlaceRecoveryTests.TreeOnly).Recover(line), outcome, text);

        var strict = new Recoverer(config, StrictInPlace).Recover(line);
        Assert.Equal("flow first: steps[0] (Replace at $.querystring.e) changed nothing, and strict steps fail such a row", strict.Reason);
        InPlaceRecoveryTests.AssertSame(new Recoverer(config, StrictTree).Recover(line), strict, text);
    }

    [Fact]
    public void A_row_that_fails_at_a_later_step_still_reports_the_steps_that_changed_nothing_before()
    {
        var config = Configs.Load(
            Configs.Text(
                Configs.Key("adapter_failures"),
                Configs.Flow(
                    "fix",
                    """[{"op":"Remove","path":"$.querystring.e","match":"zzz"},{"op":"Replace","path":"$.querystring.missing","value":"x"}]"""
                )
            )
        );
        var line = BadRowLines.AdapterFailures();
        var outcome = new Recoverer(config, InPlaceRecoveryTests.InPlaceOn).Recover(line);

        Assert.Equal(OutcomeKind.Failed, outcome.Kind);
        Assert.Equal(
            "flow fix: path $.querystring.missing: $.querystring.missing does not exist: no parameter named 'missing'",
            outcome.Reason
        );
        Assert.Equal("0", Indices(outcome));
        InPlaceRecoveryTests.AssertSame(new Recoverer(config, InPlaceRecoveryTests.TreeOnly).Recover(line), outcome, "later failure");
    }

    [Fact]
    public void A_step_on_a_format_violation_is_judged_on_the_tree()
    {
        var payload = Convert.ToBase64String(CollectorPayloadThrift.Encode(new() { Querystring = "e=pv&aid=app-1", Path = "/i" }));
        var line = BadRowLines.CollectorPayloadFormatViolation(payload, "bad query");
        var config = Configs.Load(
            Configs.Text(
                Configs.Key("collector_payload_format_violation"),
                Configs.Flow(
                    "fix",
                    """[{"op":"Replace","path":"$.querystring.aid","match":"^old$","value":"new"},{"op":"Replace","path":"$.querystring.e","value":"pp"}]"""
                )
            )
        );

        var outcome = new Recoverer(config, InPlaceRecoveryTests.InPlaceOn).Recover(line);
        Assert.True(outcome.Kind == OutcomeKind.Recovered, outcome.Reason);
        Assert.Equal("0", Indices(outcome));
        var strict = new Recoverer(config, StrictInPlace).Recover(line);
        Assert.Equal("flow fix: steps[0] (Replace at $.querystring.aid) changed nothing, and strict steps fail such a row", strict.Reason);
    }

    [Fact]
    public void Rows_whose_steps_all_change_something_carry_no_list()
    {
        var config = Config(
            $$$"""[{"op":"Replace","path":"{{{P}}}.aid","value":"app-2"},{"op":"Cast","path":"{{{P}}}.cx.data.data.age","from":"String","to":"Numeric"}]"""
        );
        Assert.Null(new Recoverer(config, InPlaceRecoveryTests.InPlaceOn).Recover(Line).UnchangedSteps);
        Assert.Null(new Recoverer(config, InPlaceRecoveryTests.TreeOnly).Recover(Line).UnchangedSteps);
    }
}
