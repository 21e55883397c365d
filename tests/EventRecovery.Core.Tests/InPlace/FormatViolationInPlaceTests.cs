using System.Text;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Tests.Fixtures;
using EventRecovery.Core.Thrift;

namespace EventRecovery.Core.Tests.InPlace;

/// <summary>
/// A collector_payload_format_violation repaired without steps goes from the decoded Thrift payload to the
/// recovered one directly, not through the JSON tree steps work on. The recovered bytes must be the tree's, for
/// every field the tree normalises (no path, no encoding, no headers, odd network user ids, extreme timestamps).
/// </summary>
public class FormatViolationInPlaceTests
{
    private const string Type = "collector_payload_format_violation";

    private static readonly string RepairOnly = Configs.Text(
        Configs.Key(Type),
        Configs.Flow(
            "repair",
            conditions: """[{"op":"Test","path":"$.failure.message.error","value":{"regex":"Illegal character|Unrecognized type"}}]"""
        )
    );

    private static T? Maybe<T>(Random r, T value)
        where T : class => r.Next(5) == 0 ? null : value;

    private static T Pick<T>(Random r, params T[] items) => items[r.Next(items.Length)];

    private static CollectorPayload RandomPayload(Random r) =>
        new()
        {
            IpAddress = Maybe(r, "192.0.2.7"),
            Timestamp = Pick(
                r,
                0L,
                1L,
                -1L,
                1_740_787_200_033L,
                -62_135_596_800_000L,
                253_402_300_799_999L,
                253_402_300_800_000L,
                long.MinValue
            ),
            Encoding = Maybe(r, "UTF-8"),
            Collector = Maybe(r, "ssc-2.10.0-kinesis"),
            Path = Pick(r, "/i", "/com.snowplowanalytics.snowplow/tp2", "/com.acme/v1/", "/", "", "/a/b/c", null),
            UserAgent = Maybe(r, "Mozilla/5.0 (X11) é"),
            RefererUri = Maybe(r, "https://shop.acme.example/p?q=1"),
            Querystring = Pick(
                r,
                "e=pv&aid=shop&url=https%3A%2F%2Fshop.acme.example%2F",
                "e=pv&page=Caf%C3%A9 | Acme&tna=sp{1}",
                "e=pv&&x&y=&z==1&refr=%E2%82%AC%zz",
                "e=se&se_ca=a%20b+c&cx=eyJhIjoxfQ==",
                "",
                null!
            ),
            Body = Maybe(r, """{"type":"track"}"""),
            Headers = r.Next(4) switch
            {
                0 => null,
                1 => [],
                _ => ["Host: sp.acme.example", "Cookie: sp=1", "X-Ü: ü"],
            },
            ContentType = Maybe(r, "application/json"),
            Hostname = Maybe(r, "sp.acme.example"),
            NetworkUserId = Pick(
                r,
                "34093ef5-0c2f-4aa3-b2ba-da5378d7ec93",
                "34093EF50C2F4AA3B2BADA5378D7EC93",
                "{34093ef5-0c2f-4aa3-b2ba-da5378d7ec93}",
                "not-a-uuid",
                null!
            ),
        };

    private static string RandomLine(Random r)
    {
        var thrift = CollectorPayloadThrift.Encode(RandomPayload(r));
        var base64 = Spelling(r, Convert.ToBase64String(thrift));
        if (r.Next(3) == 0)
        {
            var twice = Spelling(r, Convert.ToBase64String(Encoding.ASCII.GetBytes(base64)));
            return Escaped(
                r,
                BadRowLines.CollectorPayloadFormatViolation(twice, "error deserializing raw event: Unrecognized type 67"),
                twice
            );
        }
        return Escaped(r, BadRowLines.CollectorPayloadFormatViolation(base64, "Illegal character in query at index 12"), base64);
    }

    // Base64 as trackers and collectors write it: standard, URL-safe, without its padding.
    private static string Spelling(Random r, string base64) =>
        r.Next(4) switch
        {
            0 => base64.Replace('+', '-').Replace('/', '_'),
            1 => base64.TrimEnd('='),
            _ => base64,
        };

    // A JSON writer may escape '/' in the payload string: the payload is then read as text, not from the line's bytes.
    private static string Escaped(Random r, string line, string base64) =>
        r.Next(4) == 0 && base64.Contains('/') ? line.Replace(base64, base64.Replace("/", "\\/")) : line;

    [Fact]
    public void A_repair_without_steps_gives_the_tree_s_payload_and_is_done_in_place()
    {
        var config = Configs.Load(RepairOnly);
        var inPlace = new Recoverer(config, InPlaceRecoveryTests.InPlaceOn);
        var tree = new Recoverer(config, InPlaceRecoveryTests.TreeOnly);
        int recovered = 0,
            direct = 0;
        for (var seed = 0; seed < 2000; seed++)
        {
            var line = RandomLine(new Random(seed));
            var expected = tree.Recover(line);
            InPlaceRecoveryTests.AssertSame(expected, inPlace.Recover(line), $"seed {seed}: {line}");
            if (expected.Kind == OutcomeKind.Recovered)
                recovered++;
            if (InPlaceRecoveryTests.InPlacePayload(line, config) is not null)
                direct++;
        }
        // Rows fail for a timestamp out of a date's range (1 in 4) or no querystring to repair (about 1 in 5).
        Assert.True(recovered > 900, $"only {recovered} rows recovered");
        Assert.True(direct > 0.9 * recovered, $"{direct} of {recovered} recovered rows were done in place");
    }

    [Fact]
    public void A_repair_with_steps_is_left_to_the_tree()
    {
        var config = Configs.Load(
            Configs.Text(Configs.Key(Type), Configs.Flow("fix", """[{"op":"Replace","path":"$.querystring.aid","value":"shop-2"}]"""))
        );
        var line = BadRowLines.CollectorPayloadFormatViolation(
            Convert.ToBase64String(CollectorPayloadThrift.Encode(new CollectorPayload { Path = "/i", Querystring = "e=pv&aid=shop" })),
            "Illegal character in query at index 12"
        );

        Assert.Null(InPlaceRecoveryTests.InPlacePayload(line, config));
        var outcome = new Recoverer(config, InPlaceRecoveryTests.InPlaceOn).Recover(line);
        Assert.Equal(OutcomeKind.Recovered, outcome.Kind);
        Assert.Equal("e=pv&aid=shop-2", CollectorPayloadThrift.Decode(outcome.Payload!).Querystring);
    }
}
