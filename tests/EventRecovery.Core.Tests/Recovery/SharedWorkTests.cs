using System.Text;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Tests.Fixtures;

namespace EventRecovery.Core.Tests.Recovery;

/// <summary>
/// The core saves work by reading untouched querystring pairs from the line and by handing the layers the
/// conditions decoded to the first step. None of it may change an outcome: each case here once did (found in
/// review by comparing outcomes with the version before those savings), and each asserts what that version gave.
/// </summary>
public class SharedWorkTests
{
    private static string AdapterLine(params (string Name, string? Value)[] pairs) =>
        BadRowLines.AdapterFailures(BadRowLines.CollectorPayload(p => p["querystring"] = BadRowLines.Parameters(pairs)));

    private static Recoverer Flow(string steps, string conditions = "[]") =>
        Configs.Recoverer(Configs.Text(Configs.Key("adapter_failures"), Configs.Flow("f", steps, conditions)));

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void A_pair_named_with_an_escaped_lone_surrogate_still_fails_the_row_when_a_lookup_passes_over_it()
    {
        var line = AdapterLine(("SURROGATE", "x"), ("e", "pv")).Replace("SURROGATE", "\\ud800");
        var outcome = Flow("""[{"op": "Replace", "path": "$.querystring.missing", "value": "y"}]""").Recover(line);
        Outcomes.NotRecovered(outcome);
        Assert.Equal(RecoveryOutcome.InvalidType, outcome.BadRowType);
        Assert.Contains("not valid Unicode", outcome.Reason);
    }

    [Fact]
    public void A_name_left_with_a_lone_surrogate_by_a_step_still_fails_the_rebuild()
    {
        var outcome = Flow("""[{"op": "Replace", "path": "$.querystring[1].name", "match": "\\uDE00", "value": ""}]""")
            .Recover(AdapterLine(("e", "pv"), ("a😀", "x")));
        Outcomes.NotRecovered(outcome);
        Assert.Contains("Querystring contains a lone UTF-16 surrogate", outcome.Reason);
    }

    [Fact]
    public void A_field_read_as_base64_by_a_condition_is_still_JSON_text_to_a_step_that_reads_it_so()
    {
        var line = AdapterLine(("e", "pv"), ("cxco", B64("""{"a":"b"}""")));
        var outcome = Flow(
                """[{"op": "Replace", "path": "$.querystring[?(@.name=~co)].value.a", "value": "c"}]""",
                """[{"op": "Test", "path": "$.payload.querystring[?(@.name=~cx)].value.a", "value": {"value": "b"}}]"""
            )
            .Recover(line);
        Outcomes.NotRecovered(outcome);
        Assert.Contains("does not hold valid JSON", outcome.Reason);
    }

    [Fact]
    public void Each_step_reads_the_text_the_step_before_wrote_not_its_tree()
    {
        // Step 1 leaves half a surrogate pair in ue_pr; the JSON text cannot hold it, so step 2 fails reading it.
        var line = AdapterLine(("e", "ue"), ("ue_pr", """{"a":"x😀","b":"y"}"""));
        var outcome = Flow(
                """
                [{"op": "Replace", "path": "$.querystring.ue_pr.a", "match": "\\uDE00", "value": ""},
                 {"op": "Replace", "path": "$.querystring.ue_pr.b", "value": "z"}]
                """
            )
            .Recover(line);
        Outcomes.NotRecovered(outcome);
        Assert.Contains("Cannot transcode invalid UTF-16", outcome.Reason);
    }

    [Fact]
    public void A_base64_layer_is_re_read_from_its_re_encoded_bytes_between_steps()
    {
        // The lone surrogate becomes U+FFFD in the base64's UTF-8, and that is what the second step matches.
        var line = AdapterLine(("e", "pv"), ("cx", B64("""{"a":"x😀"}""")));
        var payload = Outcomes.Recovered(
            Flow(
                    """
                    [{"op": "Replace", "path": "$.querystring.cx.a", "match": "\\uDE00", "value": ""},
                     {"op": "Replace", "path": "$.querystring.cx.a", "match": "\\uFFFD", "value": "R"}]
                    """
                )
                .Recover(line)
        );
        var cx = System.Web.HttpUtility.ParseQueryString(payload.Querystring!)["cx"]!;
        Assert.Equal("""{"a":"xR"}""", Encoding.UTF8.GetString(Convert.FromBase64String(cx)));
    }

    [Fact]
    public void The_depth_limit_applies_to_what_a_step_wrote_before_the_next_step_reads_it()
    {
        // 64 levels are allowed; the Cast makes the deepest value an array: a 65th level, too many for the next read.
        var deep = new StringBuilder();
        for (var i = 0; i < 64; i++)
            deep.Append("{\"a\":");
        deep.Append("\"x\"").Append('}', 64);
        var path = "$.querystring.ue_pr" + string.Concat(Enumerable.Repeat(".a", 64));
        var line = AdapterLine(("e", "ue"), ("ue_pr", deep.ToString()));
        var outcome = Flow(
                $$"""
                [{"op": "Cast", "path": "{{path}}", "from": "String", "to": "Array"},
                 {"op": "Replace", "path": "{{path}}", "value": "y"}]
                """
            )
            .Recover(line);
        Outcomes.NotRecovered(outcome);
        Assert.Contains("maximum configured depth", outcome.Reason);
    }
}
