using System.Text;
using System.Text.Json.Nodes;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Verification;
using EventRecovery.Job.Iglu;
using EventRecovery.Job.Tests.Iglu;

namespace EventRecovery.Job.Tests.Verification;

/// <summary>
/// The checks Enrich makes, one rule at a time, on payloads we write: the Iglu Central schemas of the shared reference and
/// two Acme schemas, in a local repository read by the real resolver and validator.
/// </summary>
public sealed class EnrichmentVerifierTests : IDisposable
{
    private const string Tp2 = "/com.snowplowanalytics.snowplow/tp2";
    private readonly string _repository = Directory.CreateTempSubdirectory("iglu-verify-").FullName;
    private readonly IgluResolver _resolver;
    private readonly EnrichmentVerifier _verifier;

    public EnrichmentVerifierTests()
    {
        CopyDirectory(IgluServer.ReferenceSchemas, Path.Combine(_repository, "schemas"));
        Write(
            "com.acme/button_click/jsonschema/1-0-1",
            """
            {"$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#",
             "self": {"vendor": "com.acme", "name": "button_click", "format": "jsonschema", "version": "1-0-1"},
             "type": "object", "properties": {"id": {"type": "string", "maxLength": 20}, "count": {"type": "integer"}},
             "required": ["id"], "additionalProperties": false}
            """
        );
        Write(
            "com.acme/customer/jsonschema/1-0-0",
            """
            {"$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#",
             "self": {"vendor": "com.acme", "name": "customer", "format": "jsonschema", "version": "1-0-0"},
             "type": "object", "properties": {"age": {"type": "integer", "minimum": 0}, "email": {"type": "string", "format": "email"}}}
            """
        );
        _resolver = new IgluResolver(
            new ResolverSettings(100, null, [new RepositorySettings("local", 0, [], new EmbeddedConnection(_repository))])
        );
        _verifier = new EnrichmentVerifier(new IgluSchemaValidator(_resolver));
    }

    public void Dispose()
    {
        _resolver.Dispose();
        Directory.Delete(_repository, recursive: true);
    }

    private void Write(string relative, string text)
    {
        var file = Path.Combine(_repository, "schemas", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private const string Click =
        """{"schema":"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0","data":{"schema":"iglu:com.acme/button_click/jsonschema/1-0-1","data":{"id":"buy","count":2}}}""";
    private const string Customer =
        """{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0","data":[{"schema":"iglu:com.acme/customer/jsonschema/1-0-0","data":{"age":37}}]}""";

    private static string Query(params (string Name, string Value)[] parameters) =>
        string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static CollectorPayload Get(string path, string querystring) =>
        new()
        {
            Path = path,
            Querystring = querystring,
            Timestamp = 1,
        };

    private static CollectorPayload Post(
        string body,
        string? contentType = "application/json",
        string path = Tp2,
        string? querystring = null
    ) =>
        new()
        {
            Path = path,
            Body = body,
            ContentType = contentType,
            Querystring = querystring,
            Timestamp = 1,
        };

    private static string PayloadData(params JsonObject[] events) =>
        new JsonObject
        {
            ["schema"] = "iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4",
            ["data"] = new JsonArray([.. events]),
        }.ToJsonString();

    private static JsonObject Event(string e = "ue", string p = "web") =>
        new()
        {
            ["e"] = e,
            ["p"] = p,
            ["tv"] = "js-3.0.0",
            ["ue_pr"] = Click,
        };

    private PayloadVerdict Verify(CollectorPayload payload) => _verifier.Verify(payload);

    private static void WouldFail(PayloadVerdict verdict, string reasonPart)
    {
        Assert.Equal(VerdictKind.WouldFail, verdict.Kind);
        Assert.Contains(reasonPart, verdict.Reason);
    }

    [Fact]
    public void A_tracker_GET_with_a_valid_event_and_context_passes() =>
        Assert.Equal(
            PayloadVerdict.Passed,
            Verify(Get(Tp2, Query(("e", "ue"), ("p", "web"), ("tv", "js"), ("ue_pr", Click), ("co", Customer))))
        );

    [Fact]
    public void A_tracker_POST_with_payload_data_passes() =>
        Assert.Equal(PayloadVerdict.Passed, Verify(Post(PayloadData(Event(), Event("pv", "mob")))));

    [Fact]
    public void The_pixel_paths_route_to_the_GET_adapter()
    {
        Assert.Equal(PayloadVerdict.Passed, Verify(Get("/i", Query(("e", "pv"), ("p", "web")))));
        Assert.Equal(PayloadVerdict.Passed, Verify(Get("/ice.png", Query(("e", "pv"), ("p", "web")))));
        WouldFail(Verify(Get("/i", "")), "empty querystring");
    }

    [Fact]
    public void A_path_Enrich_cannot_route_would_fail() =>
        WouldFail(Verify(Get("/a/b/c", Query(("e", "pv")))), "does not match (/)vendor/version(/)");

    [Fact]
    public void An_adapter_without_checks_is_not_checked()
    {
        var verdict = Verify(Post("""{"type":"track"}""", path: "/com.segment/v2"));
        Assert.Equal(VerdictKind.NotChecked, verdict.Kind);
        Assert.Contains("com.segment/v2", verdict.Reason);
    }

    [Fact]
    public void Tp2_content_type_and_body_rules()
    {
        WouldFail(Verify(Post(PayloadData(Event()), contentType: null)), "contentType: none");
        WouldFail(Verify(Post(PayloadData(Event()), contentType: "text/plain")), "contentType: \"text/plain\"");
        WouldFail(
            Verify(
                new CollectorPayload
                {
                    Path = Tp2,
                    ContentType = "application/json",
                    Querystring = "e=pv",
                    Timestamp = 1,
                }
            ),
            "empty body"
        );
        WouldFail(Verify(new CollectorPayload { Path = Tp2, Timestamp = 1 }), "empty body and empty querystring");
        Assert.Equal(PayloadVerdict.Passed, Verify(Post(PayloadData(Event()), contentType: "application/json; charset=UTF-8")));
    }

    [Fact]
    public void The_body_must_be_valid_payload_data()
    {
        WouldFail(Verify(Post("{not json")), "body: not valid JSON");
        WouldFail(
            Verify(Post("""{"schema":"iglu:com.acme/other/jsonschema/1-0-0","data":[]}""")),
            "is not iglu:com.snowplowanalytics.snowplow/payload_data"
        );
        WouldFail(Verify(Post(PayloadData(new JsonObject { ["e"] = "pv", ["p"] = "web" }))), "payload_data/jsonschema/1-0-4: $[0]"); // tv is required
    }

    [Fact]
    public void Every_value_of_an_event_must_be_a_string()
    {
        var withNumber = Event();
        withNumber["tv"] = 3;
        WouldFail(Verify(Post(PayloadData(withNumber))), "payload_data/jsonschema/1-0-4: $[0].tv");
    }

    [Fact]
    public void Event_type_and_platform_must_be_Enrich_codes()
    {
        WouldFail(Verify(Get(Tp2, Query(("e", "click"), ("p", "web")))), "e: \"click\" is not a valid event type");
        WouldFail(Verify(Get(Tp2, Query(("e", "pv"), ("p", "watch")))), "p: \"watch\" is not a valid platform");
        WouldFail(Verify(Post(PayloadData(Event(e: "xx")))), "body.data[0].e");
    }

    [Fact]
    public void The_unstructured_event_must_parse_and_be_wrapped()
    {
        WouldFail(Verify(Get(Tp2, Query(("e", "ue"), ("ue_pr", "{oops")))), "ue_pr: not valid JSON");
        WouldFail(
            Verify(
                Get(Tp2, Query(("e", "ue"), ("ue_pr", """{"schema":"iglu:com.acme/button_click/jsonschema/1-0-1","data":{"id":"x"}}""")))
            ),
            "is not iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-*"
        );
        WouldFail(
            Verify(
                Get(
                    Tp2,
                    Query(
                        ("e", "ue"),
                        ("ue_pr", """{"schema":"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0","data":{"id":"x"}}""")
                    )
                )
            ),
            "unstruct_event/jsonschema/1-0-0: $"
        ); // the wrapper schema itself asks for schema and data
    }

    [Fact]
    public void Ue_px_is_url_safe_base64()
    {
        Assert.Equal(PayloadVerdict.Passed, Verify(Get(Tp2, Query(("e", "ue"), ("p", "web"), ("ue_px", Base64Url(Click))))));
        WouldFail(Verify(Get(Tp2, Query(("e", "ue"), ("ue_px", "***")))), "ue_px");
    }

    [Fact]
    public void The_event_data_must_validate_against_its_schema()
    {
        var wrongType = Click.Replace("\"count\":2", "\"count\":\"2\"");
        WouldFail(Verify(Get(Tp2, Query(("e", "ue"), ("ue_pr", wrongType)))), "iglu:com.acme/button_click/jsonschema/1-0-1: $.count");
        var unknownVersion = Click.Replace("1-0-1", "1-0-0");
        WouldFail(
            Verify(Get(Tp2, Query(("e", "ue"), ("ue_pr", unknownVersion)))),
            "iglu:com.acme/button_click/jsonschema/1-0-0: not found in any repository"
        );
    }

    [Fact]
    public void Contexts_must_parse_be_wrapped_and_each_validate()
    {
        WouldFail(
            Verify(Get(Tp2, Query(("e", "pv"), ("cx", Base64Url(Customer.Replace("37", "-1")))))),
            "iglu:com.acme/customer/jsonschema/1-0-0: $.age"
        );
        WouldFail(Verify(Get(Tp2, Query(("e", "pv"), ("co", Customer.Replace("37", "37,\"email\":\"nope\""))))), "$.email");
        WouldFail(
            Verify(Get(Tp2, Query(("e", "pv"), ("co", Customer.Replace("contexts/jsonschema", "unstruct_event/jsonschema"))))),
            "is not iglu:com.snowplowanalytics.snowplow/contexts"
        );
        Assert.Equal(PayloadVerdict.Passed, Verify(Get(Tp2, Query(("e", "pv"), ("cx", Base64Url(Customer))))));
    }

    [Fact]
    public void A_value_is_read_as_its_text_however_it_is_written()
    {
        // In the querystring: '+' for a space, escaped padding and the standard alphabet, escaped UTF-8.
        var spaced = Customer.Replace("\"age\":37", "\"age\": 37");
        Assert.Equal(PayloadVerdict.Passed, Verify(Get(Tp2, "e=pv&p=web&co=" + Uri.EscapeDataString(spaced).Replace("%20", "+"))));
        var standard = Convert.ToBase64String(Encoding.UTF8.GetBytes(Customer));
        Assert.Equal(PayloadVerdict.Passed, Verify(Get(Tp2, "e=pv&p=web&cx=" + Uri.EscapeDataString(standard))));
        WouldFail(Verify(Get(Tp2, "e=u%65&p=w%C3%A9b")), "p: \"w\\u00E9b\" is not a valid platform"); // quoted as JSON
        WouldFail(Verify(Get(Tp2, "e=%C3&p=web")), "e: \"\\uFFFD\" is not a valid event type"); // an escape not of UTF-8
        WouldFail(Verify(Get(Tp2, "e=pv&ue_pr=%7B%7D%7B")), "ue_pr: not valid JSON");
        // In a payload_data event: JSON escapes, in a plain value and in a base64 one ("eyJ" is base64 of {").
        var body = PayloadData(Event()).Replace("\"e\":\"ue\"", "\"e\":\"\\u0075e\"");
        Assert.Contains("\\u0075e", body);
        Assert.Equal(PayloadVerdict.Passed, Verify(Post(body)));
        var wrongAge = Event();
        wrongAge["cx"] = Base64Url(Customer.Replace("37", "\"37\""));
        var escapedCx = PayloadData(wrongAge).Replace("\"cx\":\"eyJ", "\"cx\":\"\\u0065yJ");
        Assert.Contains("\\u0065yJ", escapedCx);
        WouldFail(Verify(Post(escapedCx)), "iglu:com.acme/customer/jsonschema/1-0-0: $.age");
    }

    [Fact]
    public void The_iglu_webhook_validates_its_event_against_the_schema_parameter()
    {
        const string path = "/com.snowplowanalytics.iglu/v1";
        Assert.Equal(
            PayloadVerdict.Passed,
            Verify(Post("""{"id":"buy","count":1}""", path: path, querystring: "schema=iglu:com.acme/button_click/jsonschema/1-0-1"))
        );
        WouldFail(
            Verify(Post("""{"id":"buy","colour":"red"}""", path: path, querystring: "schema=iglu:com.acme/button_click/jsonschema/1-0-1")),
            "button_click/jsonschema/1-0-1: $"
        );
        WouldFail(
            Verify(
                Post("""{"id":"buy"}""", contentType: null, path: path, querystring: "schema=iglu:com.acme/button_click/jsonschema/1-0-1")
            ),
            "contentType"
        );
        WouldFail(Verify(Post("""{"id":"buy"}""", path: path, querystring: "schema=com.acme/button_click")), "is not an Iglu schema key");
        Assert.Equal(PayloadVerdict.Passed, Verify(Get(path, "schema=iglu:com.acme/button_click/jsonschema/1-0-1&id=buy")));
    }

    [Fact]
    public void The_sendgrid_webhook_needs_an_array_of_typed_events()
    {
        const string path = "/com.sendgrid/v3";
        Assert.Equal(PayloadVerdict.Passed, Verify(Post("""[{"email":"a@acme.example","event":"delivered"}]""", path: path)));
        WouldFail(Verify(Post("""{"event":"delivered"}""", path: path)), "body is not a json array");
        WouldFail(Verify(Post("""[{"email":"a@acme.example"}]""", path: path)), "\"event\"");
    }

    [Fact]
    public void A_schema_that_cannot_be_fetched_leaves_the_payload_not_verified()
    {
        using var down = new IgluResolver(
            new ResolverSettings(10, null, [new RepositorySettings("down", 0, [], new HttpConnection(IgluServer.Down(), null))]),
            new ResolverRetry { Retries = 1, FirstDelay = TimeSpan.FromMilliseconds(5) }
        );
        var verdict = new EnrichmentVerifier(new IgluSchemaValidator(down)).Verify(
            Get(Tp2, Query(("e", "ue"), ("p", "web"), ("ue_pr", Click)))
        );
        Assert.Equal(VerdictKind.NotVerified, verdict.Kind);
        Assert.Contains("unstruct_event/jsonschema/1-0-0: could not be fetched", verdict.Reason);
    }

    [Fact]
    public void A_failure_decides_even_when_another_schema_cannot_be_fetched()
    {
        using var down = new IgluResolver(
            new ResolverSettings(10, null, [new RepositorySettings("down", 0, [], new HttpConnection(IgluServer.Down(), null))]),
            new ResolverRetry { Retries = 0 }
        );
        var verdict = new EnrichmentVerifier(new IgluSchemaValidator(down)).Verify(
            Get(Tp2, Query(("e", "ue"), ("ue_pr", Click), ("co", "{broken")))
        );
        WouldFail(verdict, "co: not valid JSON");
    }
}
