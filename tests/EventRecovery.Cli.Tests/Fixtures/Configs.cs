using System.Text;

namespace EventRecovery.Cli.Tests.Fixtures;

/// <summary>Recovery configurations written for these tests.</summary>
public static class Configs
{
    /// <summary>
    /// Fixes the rows of <see cref="BadRows"/>: <c>page=old</c> → <c>page=new</c> in adapter_failures querystrings, and
    /// <c>com.acme/thing</c> 1-0-0 → 1-0-1 inside the <c>ue_pr</c> of schema_violations. Nothing for tracker_protocol_violations.
    /// </summary>
    public const string Standard = """
        {
          "schema": "iglu:com.snowplowanalytics.snowplow/recoveries/jsonschema/4-0-0",
          "data": {
            "iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*": [
              { "name": "fix-page", "conditions": [],
                "steps": [ { "op": "Replace", "path": "$.querystring.page", "match": "^old$", "value": "new" } ] }
            ],
            "iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-*-*": [
              { "name": "thing-1-0-1",
                "conditions": [ { "op": "Test", "path": "$.payload.raw.parameters.ue_pr.data.schema", "value": { "regex": "com\\.acme/thing/" } } ],
                "steps": [ { "op": "Replace", "path": "$.raw.parameters.ue_pr.data.schema", "match": "1-0-0$", "value": "1-0-1" } ] }
            ]
          }
        }
        """;

    /// <summary>Every problem in one config: a bad flow name, an unknown op, a regex that does not compile, a bad cast type.</summary>
    public const string Invalid = """
        {
          "schema": "iglu:com.snowplowanalytics.snowplow/recoveries/jsonschema/4-0-0",
          "data": {
            "iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*": [
              { "name": "bad name", "conditions": [],
                "steps": [
                  { "op": "Rename", "path": "$.querystring.page" },
                  { "op": "Replace", "path": "$.querystring.page", "match": "(unclosed", "value": "x" },
                  { "op": "Cast", "path": "$.querystring.n", "from": "String", "to": "Integer" }
                ] }
            ]
          }
        }
        """;

    /// <summary>The locations of the four problems of <see cref="Invalid"/>.</summary>
    public static readonly string[] InvalidLocations =
    [
        """data["iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*"][0].name""",
        """data["iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*"][0].steps[0].op""",
        """data["iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*"][0].steps[1].match""",
        """data["iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*"][0].steps[2].to""",
    ];

    /// <summary>The config as the Flink job took it: base64 of its text.</summary>
    public static string Base64(string config) => Convert.ToBase64String(Encoding.UTF8.GetBytes(config));
}
