namespace EventRecovery.Bench.Corpus;

/// <summary>
/// The recovery configuration that matches the generated corpus. Between them, its flows use every condition
/// matcher (value, regex, size), filters, every codec layer (parameters/querystring name-value lists, base64
/// <c>cx</c>, JSON-text <c>ue_pr</c> and <c>co</c>) and every step kind (Replace with and without match, Remove,
/// Cast, Add); two flows apply to the same rows (customer contexts) so that concatenated steps are exercised.
/// </summary>
internal static class BenchConfig
{
    public const string Text = """
        {
          "schema": "iglu:com.snowplowanalytics.snowplow/recoveries/jsonschema/4-0-0",
          "data": {
            "iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-*-*": [
              {
                "name": "button-click-1-0-1",
                "conditions": [
                  { "op": "Test", "path": "$.payload.raw.parameters.ue_pr.data.schema", "value": { "value": "iglu:com.acme/button_click/jsonschema/1-0-0" } }
                ],
                "steps": [
                  { "op": "Replace", "path": "$.raw.parameters.ue_pr.data.schema", "match": "1-0-0$", "value": "1-0-1" }
                ]
              },
              {
                "name": "customer-age-number",
                "conditions": [
                  { "op": "Test", "path": "$.failure.messages[0].schemaKey", "value": { "regex": "com\\.acme/customer/" } },
                  { "op": "Test", "path": "$.failure.messages[0].error.dataReports[0].keyword", "value": { "value": "type" } }
                ],
                "steps": [
                  { "op": "Cast", "path": "$.raw.parameters.cx.data[?(@.schema=~com\\.acme/customer/)].data.age", "from": "String", "to": "Numeric" }
                ]
              },
              {
                "name": "customer-context-source",
                "conditions": [
                  { "op": "Test", "path": "$.failure.messages[0].schemaKey", "value": { "regex": "com\\.acme/customer/" } }
                ],
                "steps": [
                  { "op": "Add", "path": "$.raw.parameters.cx.data[?(@.schema=~com\\.acme/customer/)].data", "value": { "recoveredBy": "event-recovery" } }
                ]
              },
              {
                "name": "form-id-max-length",
                "conditions": [
                  { "op": "Test", "path": "$.payload.raw.parameters.ue_pr.data.data.formId", "value": { "size": { "gt": 64 } } }
                ],
                "steps": [
                  { "op": "Replace", "path": "$.raw.parameters.ue_pr.data.data.formId", "match": "^(.{64}).*$", "value": "$1" }
                ]
              },
              {
                "name": "webhook-schema-1-0-1",
                "conditions": [
                  { "op": "Test", "path": "$.payload.raw.vendor", "value": { "value": "com.snowplowanalytics.iglu" } }
                ],
                "steps": [
                  { "op": "Replace", "path": "$.raw.parameters.ue_pr.data.schema", "match": "/1-0-0$", "value": "/1-0-1" }
                ]
              },
              {
                "name": "sendgrid-ip-first-hop",
                "conditions": [
                  { "op": "Test", "path": "$.payload.raw.vendor", "value": { "value": "com.sendgrid" } },
                  { "op": "Test", "path": "$.failure.messages[0].error.dataReports[0].path", "value": { "value": "$.ip" } }
                ],
                "steps": [
                  { "op": "Remove", "path": "$.raw.parameters.ue_pr.data.data.ip", "match": ",.*$" }
                ]
              }
            ],
            "iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*": [
              {
                "name": "legacy-android-app-id",
                "conditions": [
                  { "op": "Test", "path": "$.payload.querystring[?(@.name=~aid)].value", "value": { "value": "acme-android-legacy" } },
                  { "op": "Test", "path": "$.payload.querystring", "value": { "size": { "gt": 5 } } }
                ],
                "steps": [
                  { "op": "Replace", "path": "$.querystring[?(@.name=~aid)].value", "value": "acme-android" },
                  { "op": "Remove", "path": "$.querystring.tna", "match": "-legacy$" }
                ]
              },
              {
                "name": "segment-track-type",
                "conditions": [
                  { "op": "Test", "path": "$.payload.vendor", "value": { "value": "com.segment" } },
                  { "op": "Test", "path": "$.failure.messages[0].value", "value": { "value": "Track" } }
                ],
                "steps": [
                  { "op": "Replace", "path": "$.body", "match": "\"type\":\"Track\"", "value": "\"type\":\"track\"" }
                ]
              }
            ],
            "iglu:com.snowplowanalytics.snowplow.badrows/tracker_protocol_violations/jsonschema/1-*-*": [
              {
                "name": "basket-items-number",
                "conditions": [
                  { "op": "Test", "path": "$.failure.messages[0].field", "value": { "value": "co" } },
                  { "op": "Test", "path": "$.payload.querystring.co.data[1].data.items", "value": { "regex": "^\"\\d+\"$" } }
                ],
                "steps": [
                  { "op": "Cast", "path": "$.querystring.co.data[1].data.items", "from": "String", "to": "Numeric" },
                  { "op": "Add", "path": "$.querystring.co.data", "value": [ { "schema": "iglu:com.acme/recovery/jsonschema/1-0-0", "data": { "flow": "basket-items-number" } } ] }
                ]
              }
            ],
            "iglu:com.snowplowanalytics.snowplow.badrows/enrichment_failures/jsonschema/1-*-*": [
              {
                "name": "api-request-https",
                "conditions": [
                  { "op": "Test", "path": "$.failure.messages[0].enrichment.identifier", "value": { "value": "api-request" } },
                  { "op": "Test", "path": "$.processor.artifact", "value": { "regex": "enrich" } }
                ],
                "steps": [
                  { "op": "Replace", "path": "$.raw.parameters.url", "match": "^http://", "value": "https://" }
                ]
              }
            ],
            "iglu:com.snowplowanalytics.snowplow.badrows/collector_payload_format_violation/jsonschema/1-*-*": [
              {
                "name": "repair-querystring",
                "conditions": [
                  { "op": "Test", "path": "$.failure.message.error", "value": { "regex": "Illegal character|Unrecognized type" } }
                ],
                "steps": []
              }
            ]
          }
        }
        """;
}
