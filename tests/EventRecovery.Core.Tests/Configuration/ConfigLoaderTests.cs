using System.Text;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Steps;
using EventRecovery.Core.Tests.Fixtures;

namespace EventRecovery.Core.Tests.Configuration;

public class ConfigLoaderTests
{
    private const string AdapterKey = "iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*";
    private const string At = $"data[\"{AdapterKey}\"][0]";

    private static readonly string Valid = $$"""
        {
          "schema": "{{Configs.Schema}}",
          "data": {
            "{{AdapterKey}}": [
              {
                "name": "fix-page",
                "conditions": [ { "op": "Test", "path": "$.payload.vendor", "value": { "value": "com.acme" } } ],
                "steps": [
                  { "op": "Replace", "path": "$.querystring.page", "match": "(?U)^old$", "value": "new" },
                  { "op": "Remove", "path": "$.querystring.tmp" },
                  { "op": "Cast", "path": "$.querystring.n", "from": "String", "to": "Numeric" },
                  { "op": "Add", "path": "$.headers", "value": ["X-Recovered: 1"] }
                ]
              },
              { "name": "second-Flow-2", "conditions": [], "steps": [] }
            ],
            "iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-*": [
              { "name": "sv", "conditions": [], "steps": [] }
            ]
          }
        }
        """;

    /// <summary>The problems of a config made of one flow for adapter_failures with the given steps and conditions.</summary>
    private static IReadOnlyList<ConfigProblem> ProblemsOf(string steps, string conditions = "[]", string name = "f")
    {
        var result = ConfigLoader.Validate(Configs.Text(AdapterKey, Configs.Flow(name, steps, conditions)));
        Assert.Null(result.Config);
        return result.Problems;
    }

    private static ConfigProblem Single(IReadOnlyList<ConfigProblem> problems)
    {
        Assert.True(problems.Count == 1, "expected one problem, got: " + string.Join(" | ", problems));
        return problems[0];
    }

    [Fact]
    public void A_valid_config_loads_every_flow_in_order_with_its_steps()
    {
        var config = ConfigLoader.Load(Valid);

        Assert.Equal(["fix-page", "second-Flow-2", "sv"], config.Flows.Select(f => f.Name));
        var steps = config.Flows[0].Steps;
        Assert.IsType<ReplaceStep>(steps[0]);
        Assert.IsType<RemoveStep>(steps[1]);
        var cast = Assert.IsType<CastStep>(steps[2]);
        Assert.Equal((CastType.String, CastType.Numeric), (cast.From, cast.To));
        Assert.IsType<AddStep>(steps[3]);
        Assert.Equal("$.querystring.tmp", steps[1].Path.Text);
        Assert.Single(config.Flows[0].Conditions);
        Assert.Equal("iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-*", config.Flows[2].Key.ToString());
    }

    [Fact]
    public void A_valid_config_has_no_problems_and_no_warnings()
    {
        var result = ConfigLoader.Validate(Valid);
        Assert.NotNull(result.Config);
        Assert.Empty(result.Problems);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Base64_of_the_config_loads_the_same_flows()
    {
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(Valid));
        Assert.Equal(ConfigLoader.Load(Valid).Flows.Select(f => f.Name), ConfigLoader.Load(base64).Flows.Select(f => f.Name));
    }

    [Fact]
    public void Base64_wrapped_over_lines_and_url_safe_base64_load_too()
    {
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(Valid));
        var wrapped = string.Join("\n", base64.Chunk(76).Select(c => new string(c)));
        Assert.Equal(3, ConfigLoader.Load(wrapped).Flows.Count);

        var urlSafe = base64.Replace('+', '-').Replace('/', '_').TrimEnd('=');
        Assert.Equal(3, ConfigLoader.Load(urlSafe).Flows.Count);
    }

    [Fact]
    public void Text_that_is_neither_JSON_nor_base64_is_reported()
    {
        var problem = Single(ConfigLoader.Validate("not a config!").Problems);
        Assert.Equal("", problem.Location);
        Assert.Contains("neither JSON", problem.Message);
    }

    [Fact]
    public void Invalid_JSON_is_reported()
    {
        var problem = Single(ConfigLoader.Validate("{\"schema\": ").Problems);
        Assert.Contains("not valid JSON", problem.Message);
    }

    [Fact]
    public void An_escaped_lone_surrogate_is_a_problem_at_its_location_not_a_crash()
    {
        var text = Configs
            .Text(Configs.Key("adapter_failures"), Configs.Flow("f", """[{"op": "Replace", "path": "$.vendor", "value": "LONE"}]"""))
            .Replace("LONE", "\\ud800");
        var problem = Single(ConfigLoader.Validate(text).Problems);
        Assert.Equal($"data[\"{Configs.Key("adapter_failures")}\"][0].steps[0].value", problem.Location);
        Assert.Contains("not valid Unicode", problem.Message);
        Assert.Throws<ConfigException>(() => ConfigLoader.Load(text));
    }

    [Fact]
    public void An_escaped_lone_surrogate_in_a_property_name_is_a_problem_too()
    {
        var text = Configs.Text(Configs.Key("adapter_failures"), Configs.Flow("f")).Replace("\"name\"", "\"na\\udc00me\"");
        var problem = Single(ConfigLoader.Validate(text).Problems);
        Assert.Contains("property name that is not valid Unicode", problem.Message);
    }

    [Fact]
    public void A_duplicate_property_is_a_problem_not_a_crash()
    {
        var text = Configs.Text(AdapterKey, """{"name": "a", "name": "b", "conditions": [], "steps": []}""");
        var problem = Single(ConfigLoader.Validate(text).Problems);
        Assert.Contains("Duplicate property 'name'", problem.Message);
    }

    [Fact]
    public void Load_throws_with_every_problem_and_its_location_in_the_message()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(Configs.Text(AdapterKey, Configs.Flow("bad name"))));
        var problem = Single(e.Problems);
        Assert.Equal($"{At}.name", problem.Location);
        Assert.Contains($"{At}.name", e.Message);
    }

    [Fact]
    public void A_config_without_schema_is_not_self_describing()
    {
        var problem = Single(ConfigLoader.Validate($$$"""{"data": {"{{{AdapterKey}}}": []}}""").Problems);
        Assert.Equal("schema", problem.Location);
        Assert.Contains("not self-describing", problem.Message);
    }

    [Fact]
    public void A_config_that_is_not_an_object_is_not_self_describing()
    {
        var problem = Single(ConfigLoader.Validate("""[{"schema": "x"}]""").Problems);
        Assert.Equal("", problem.Location);
        Assert.Contains("self-describing", problem.Message);
    }

    [Fact]
    public void Version_3_of_the_config_schema_is_not_supported()
    {
        var text = Configs.Text(AdapterKey, Configs.Flow("f")).Replace("/4-0-0", "/3-0-0");
        var problem = Single(ConfigLoader.Validate(text).Problems);
        Assert.Equal("schema", problem.Location);
        Assert.Contains("unsupported configuration version 3-0-0", problem.Message);
    }

    [Fact]
    public void Any_revision_of_version_4_is_accepted()
    {
        var text = Configs.Text(AdapterKey, Configs.Flow("f")).Replace("/4-0-0", "/4-1-2");
        Assert.Empty(ConfigLoader.Validate(text).Problems);
    }

    [Fact]
    public void A_schema_that_is_not_the_recoveries_schema_is_reported()
    {
        var text = Configs.Text(AdapterKey, Configs.Flow("f")).Replace("com.snowplowanalytics.snowplow/recoveries", "com.acme/recoveries");
        var problem = Single(ConfigLoader.Validate(text).Problems);
        Assert.Equal("schema", problem.Location);
        Assert.Contains("not a recovery configuration schema", problem.Message);
    }

    [Fact]
    public void Missing_data_is_reported()
    {
        var problem = Single(ConfigLoader.Validate($$"""{"schema": "{{Configs.Schema}}"}""").Problems);
        Assert.Equal("data", problem.Location);
    }

    [Fact]
    public void An_invalid_schema_key_is_reported_at_its_key()
    {
        const string key = "iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-x-0";
        var problem = Single(ConfigLoader.Validate(Configs.Text(key, Configs.Flow("f"))).Problems);
        Assert.Equal($"data[\"{key}\"]", problem.Location);
        Assert.Contains("not a schema key pattern", problem.Message);
    }

    [Fact]
    public void A_key_with_quotes_is_quoted_as_JSON_in_the_location()
    {
        var text = $$$"""{"schema":"{{{Configs.Schema}}}","data":{"bad\"key":[]}}""";
        var problem = Single(ConfigLoader.Validate(text).Problems);
        Assert.Equal("data[\"bad\\\"key\"]", problem.Location);
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("under_score")]
    [InlineData("")]
    [InlineData("é")]
    public void A_flow_name_outside_letters_digits_and_dashes_is_reported(string name)
    {
        var problem = Single(ProblemsOf("[]", name: name));
        Assert.Equal($"{At}.name", problem.Location);
        Assert.Contains("not a valid flow name", problem.Message);
    }

    [Fact]
    public void An_unknown_step_op_is_reported_at_the_op()
    {
        var problem = Single(ProblemsOf("""[{"op": "Replace", "path": "$.a", "value": 1}, {"op": "Rename", "path": "$.a"}]"""));
        Assert.Equal($"{At}.steps[1].op", problem.Location);
        Assert.Contains("unknown step op \"Rename\"", problem.Message);
    }

    [Fact]
    public void A_step_without_op_is_reported()
    {
        var problem = Single(ProblemsOf("""[{"path": "$.a"}]"""));
        Assert.Equal($"{At}.steps[0].op", problem.Location);
        Assert.Contains("missing", problem.Message);
    }

    [Fact]
    public void An_unknown_condition_op_is_reported_at_the_op()
    {
        var problem = Single(ProblemsOf("[]", """[{"op": "Check", "path": "$.a", "value": {"value": 1}}]"""));
        Assert.Equal($"{At}.conditions[0].op", problem.Location);
        Assert.Contains("unknown condition op \"Check\"", problem.Message);
    }

    [Theory]
    [InlineData("$.a[x]")]
    [InlineData("$.a.")]
    [InlineData("$.a[0")]
    [InlineData("$.a b")]
    [InlineData("$.a[?(@.name=~x]")]
    public void An_unparsable_path_is_reported_at_the_path(string path)
    {
        var problem = Single(ProblemsOf($$"""[{"op": "Remove", "path": "{{path}}"}]"""));
        Assert.Equal($"{At}.steps[0].path", problem.Location);
        Assert.Contains($"cannot parse \"{path}\"", problem.Message);
    }

    [Fact]
    public void An_unparsable_condition_path_is_reported_at_the_condition()
    {
        var problem = Single(ProblemsOf("[]", """[{"op": "Test", "path": "$.a[-1]", "value": {"value": 1}}]"""));
        Assert.Equal($"{At}.conditions[0].path", problem.Location);
    }

    [Fact]
    public void A_match_regex_that_does_not_compile_is_reported_at_match()
    {
        var problem = Single(ProblemsOf("""[{"op": "Replace", "path": "$.a", "match": "(unclosed", "value": "x"}]"""));
        Assert.Equal($"{At}.steps[0].match", problem.Location);
        Assert.Contains("does not compile", problem.Message);
    }

    [Fact]
    public void A_remove_match_regex_that_does_not_compile_is_reported_at_match()
    {
        var problem = Single(ProblemsOf("""[{"op": "Remove", "path": "$.a", "match": "[z-a]"}]"""));
        Assert.Equal($"{At}.steps[0].match", problem.Location);
    }

    [Fact]
    public void A_regex_matcher_that_does_not_compile_is_reported_at_the_regex()
    {
        var problem = Single(ProblemsOf("[]", """[{"op": "Test", "path": "$.a", "value": {"regex": "a{2,1}"}}]"""));
        Assert.Equal($"{At}.conditions[0].value.regex", problem.Location);
        Assert.Contains("does not compile", problem.Message);
    }

    [Fact]
    public void A_path_filter_regex_that_does_not_compile_is_reported_at_the_path()
    {
        var problem = Single(ProblemsOf("""[{"op": "Remove", "path": "$.querystring[?(@.name=~a(b)].value"}]"""));
        Assert.Equal($"{At}.steps[0].path", problem.Location);
        Assert.Contains("does not compile", problem.Message);
    }

    [Theory]
    [InlineData("from", "Integer")]
    [InlineData("to", "string")]
    [InlineData("to", "0")]
    public void An_unknown_cast_type_is_reported_at_from_or_to(string property, string type)
    {
        var from = property == "from" ? type : "String";
        var to = property == "to" ? type : "Numeric";
        var problem = Single(ProblemsOf($$"""[{"op": "Cast", "path": "$.a", "from": "{{from}}", "to": "{{to}}"}]"""));
        Assert.Equal($"{At}.steps[0].{property}", problem.Location);
        Assert.Contains($"unknown cast type \"{type}\"", problem.Message);
    }

    [Fact]
    public void A_cast_without_to_is_reported()
    {
        var problem = Single(ProblemsOf("""[{"op": "Cast", "path": "$.a", "from": "String"}]"""));
        Assert.Equal($"{At}.steps[0].to", problem.Location);
    }

    [Theory]
    [InlineData("Replace")]
    [InlineData("Add")]
    public void Replace_and_Add_without_value_are_reported_at_value(string op)
    {
        var problem = Single(ProblemsOf($$"""[{"op": "{{op}}", "path": "$.a"}]"""));
        Assert.Equal($"{At}.steps[0].value", problem.Location);
        Assert.Contains($"{op} needs a value", problem.Message);
    }

    [Fact]
    public void A_null_value_is_a_value()
    {
        Assert.Empty(
            ConfigLoader
                .Validate(Configs.Text(AdapterKey, Configs.Flow("f", """[{"op": "Replace", "path": "$.a", "value": null}]""")))
                .Problems
        );
    }

    [Theory]
    [InlineData("""{"value": 1, "regex": "a"}""", "\"value\", \"regex\"")]
    [InlineData("{}", "none")]
    public void A_matcher_needs_exactly_one_known_kind(string matcher, string found)
    {
        var problem = Single(ProblemsOf("[]", $$"""[{"op": "Test", "path": "$.a", "value": {{matcher}}}]"""));
        Assert.Equal($"{At}.conditions[0].value", problem.Location);
        Assert.Contains("exactly one of", problem.Message);
        Assert.Contains(found, problem.Message);
    }

    [Fact]
    public void A_matcher_that_is_not_an_object_is_reported()
    {
        var problem = Single(ProblemsOf("[]", """[{"op": "Test", "path": "$.a", "value": "iglu"}]"""));
        Assert.Equal($"{At}.conditions[0].value", problem.Location);
        Assert.Contains("found string", problem.Message);
    }

    [Fact]
    public void A_condition_without_matcher_is_reported()
    {
        var problem = Single(ProblemsOf("[]", """[{"op": "Test", "path": "$.a"}]"""));
        Assert.Equal($"{At}.conditions[0].value", problem.Location);
        Assert.Contains("missing", problem.Message);
    }

    [Fact]
    public void A_size_with_an_unknown_comparison_is_reported_at_the_comparison()
    {
        var problem = Single(ProblemsOf("[]", """[{"op": "Test", "path": "$.a", "value": {"size": {"ge": 3}}}]"""));
        Assert.Equal($"{At}.conditions[0].value.size.ge", problem.Location);
        Assert.Contains("unknown size comparison", problem.Message);
    }

    [Theory]
    [InlineData("""{"eq": 1, "gt": 0}""")]
    [InlineData("{}")]
    [InlineData("3")]
    public void A_size_needs_exactly_one_comparison(string size)
    {
        var problem = Single(ProblemsOf("[]", $$$"""[{"op": "Test", "path": "$.a", "value": {"size": {{{size}}}}}]"""));
        Assert.Equal($"{At}.conditions[0].value.size", problem.Location);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("\"3\"")]
    [InlineData("null")]
    public void A_size_bound_must_be_an_integer(string bound)
    {
        var problem = Single(ProblemsOf("[]", """[{"op": "Test", "path": "$.a", "value": {"size": {"lt": """ + bound + "}}}]"));
        Assert.Equal($"{At}.conditions[0].value.size.lt", problem.Location);
        Assert.Contains("must be an integer", problem.Message);
    }

    [Fact]
    public void Unknown_properties_are_reported_where_they_are()
    {
        var problems = ProblemsOf(
            """[{"op": "Remove", "path": "$.a", "value": "x"}]""",
            """[{"op": "Test", "path": "$.a", "value": {"value": 1}, "negate": true}]"""
        );
        Assert.Contains(problems, p => p.Location == $"{At}.steps[0].value" && p.Message.Contains("unknown property"));
        Assert.Contains(problems, p => p.Location == $"{At}.conditions[0].negate" && p.Message.Contains("unknown property"));
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void Unknown_properties_are_reported_at_every_level_each_at_its_location()
    {
        // A misspelt key anywhere leaves something out silently: "stpes" would make a flow without steps.
        var flow = """
            {"name": "f", "stpes": [], "conditions": [{"op": "Test", "path": "$.a", "value": {"regex": "a", "flags": "i"}, "negate": true}],
             "steps": [{"op": "Replace", "path": "$.a", "value": "x", "macth": "y"}]}
            """;
        var text = Configs.Text(AdapterKey, flow).Insert(1, "\"comment\": \"hi\",");
        var result = ConfigLoader.Validate(text);
        Assert.Null(result.Config);
        var unknown = result
            .Problems.Where(p => p.Message.StartsWith("unknown property", StringComparison.Ordinal))
            .Select(p => p.Location)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
            ["comment", $"{At}.conditions[0].negate", $"{At}.conditions[0].value.flags", $"{At}.steps[0].macth", $"{At}.stpes"],
            unknown
        );
        Assert.Equal(5, result.Problems.Count);
    }

    [Fact]
    public void A_misspelt_flow_key_alone_makes_the_config_invalid()
    {
        var text = Configs.Text(AdapterKey, """{"name": "f", "conditions": [], "steps": [], "stpes": []}""");
        var problem = Single(ConfigLoader.Validate(text).Problems);
        Assert.Equal($"{At}.stpes", problem.Location);
        Assert.Equal("unknown property (allowed here: name, conditions, steps)", problem.Message);
        Assert.Throws<ConfigException>(() => ConfigLoader.Load(text));
    }

    [Theory]
    [InlineData("""{"equals": 1}""", "equals")]
    [InlineData("""{"regex": "a", "flags": "i"}""", "flags")]
    [InlineData("""{"value": 1, "ignoreCase": true}""", "ignoreCase")]
    public void An_unknown_key_in_a_matcher_is_reported_at_the_key(string matcher, string key)
    {
        var problem = Single(ProblemsOf("[]", $$"""[{"op": "Test", "path": "$.a", "value": {{matcher}}}]"""));
        Assert.Equal($"{At}.conditions[0].value.{key}", problem.Location);
        Assert.Equal("unknown property (allowed here: value, regex, size)", problem.Message);
    }

    [Fact]
    public void An_unknown_key_beside_a_size_comparison_is_reported_at_the_key()
    {
        var problem = Single(ProblemsOf("[]", """[{"op": "Test", "path": "$.a", "value": {"size": {"gt": 3, "orEqual": true}}}]"""));
        Assert.Equal($"{At}.conditions[0].value.size.orEqual", problem.Location);
        Assert.Contains("unknown size comparison", problem.Message);
    }

    [Fact]
    public void A_key_that_is_not_an_identifier_is_located_with_brackets()
    {
        var problem = Single(ProblemsOf("""[{"op": "Remove", "path": "$.a", "ma tch": "x"}]"""));
        Assert.Equal($"{At}.steps[0][\"ma tch\"]", problem.Location);
    }

    [Fact]
    public void An_unknown_top_level_property_is_reported()
    {
        var text = Configs.Text(AdapterKey, Configs.Flow("f")).Insert(1, "\"comment\": \"hi\",");
        var problem = Single(ConfigLoader.Validate(text).Problems);
        Assert.Equal("comment", problem.Location);
        Assert.Contains("unknown property", problem.Message);
    }

    [Fact]
    public void Missing_conditions_or_steps_are_reported()
    {
        var text = Configs.Text(AdapterKey, """{"name": "f"}""");
        var problems = ConfigLoader.Validate(text).Problems;
        Assert.Contains(problems, p => p.Location == $"{At}.conditions");
        Assert.Contains(problems, p => p.Location == $"{At}.steps");
    }

    [Fact]
    public void Every_problem_is_reported_at_once_across_flows_and_keys()
    {
        const string svKey = "iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-*-*";
        var text = Configs.Text(
            (
                AdapterKey,
                [
                    Configs.Flow("ok", """[{"op": "Replace", "path": "$.a", "value": 1}]"""),
                    Configs.Flow(
                        "bad name",
                        """[{"op": "Cast", "path": "$.a", "from": "String", "to": "Date"}, {"op": "Add", "path": "$.b"}]"""
                    ),
                ]
            ),
            (svKey, [Configs.Flow("sv", "[]", """[{"op": "Test", "path": "$.x", "value": {"regex": "("}}]""")])
        );

        var problems = ConfigLoader.Validate(text).Problems;

        Assert.Equal(
            [
                $"data[\"{AdapterKey}\"][1].name",
                $"data[\"{AdapterKey}\"][1].steps[0].to",
                $"data[\"{AdapterKey}\"][1].steps[1].value",
                $"data[\"{svKey}\"][0].conditions[0].value.regex",
            ],
            problems.Select(p => p.Location).ToArray()
        );
    }

    [Fact]
    public void A_key_for_an_unknown_bad_row_type_is_a_warning_not_a_problem()
    {
        const string key = "iglu:com.snowplowanalytics.snowplow.badrows/no_such_failure/jsonschema/1-*-*";
        var result = ConfigLoader.Validate(Configs.Text(key, Configs.Flow("f")));

        Assert.NotNull(result.Config);
        Assert.Empty(result.Problems);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal($"data[\"{key}\"]", warning.Location);
        Assert.Contains("not a known bad row type", warning.Message);
    }

    [Fact]
    public void A_key_from_another_vendor_is_a_warning()
    {
        const string key = "iglu:com.acme/adapter_failures/jsonschema/1-*-*";
        var result = ConfigLoader.Validate(Configs.Text(key, Configs.Flow("f")));
        Assert.NotNull(result.Config);
        Assert.Single(result.Warnings);
    }
}
