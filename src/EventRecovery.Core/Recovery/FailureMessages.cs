using System.Globalization;
using EventRecovery.Core.Codecs;
using EventRecovery.Core.Conditions;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Json;
using EventRecovery.Core.Paths;

namespace EventRecovery.Core.Recovery;

/// <summary>
/// The words of every reason a row gives when it is not recovered, in one place: both engines, the steps and the
/// trace build their reasons here, so the same failure reads the same whichever code found it, and a change of
/// wording is one edit (the summary groups rows by these words, see <c>Explain.ReasonClass</c>).
/// </summary>
internal static class FailureMessages
{
    // The row as a whole.

    /// <summary>A line over the size limit.</summary>
    public static string LineTooLong(long length, long limit) => $"line is {length} bytes, longer than the limit of {limit} bytes";

    /// <summary>A line over the size limit, of which only the start was kept.</summary>
    public static string LineTooLongKept(long length, long limit, int kept) =>
        $"{LineTooLong(length, limit)}; the payload holds its first {kept} bytes";

    /// <summary>The kept start of a long line is not UTF-8, so the row holds its base64.</summary>
    public static string KeptAsBase64(string reason) => $"{reason}, as base64: they are not valid UTF-8";

    /// <summary>A line that is not UTF-8 (the row holds its base64), with what else is wrong, if anything.</summary>
    public static string NotUtf8(string? reason) => reason is null ? NotUtf8Alone : $"{NotUtf8Alone}. {reason}";

    private const string NotUtf8Alone = "line is not valid UTF-8; the payload holds the base64 of its bytes";

    /// <summary>A string of the line that has no UTF-16 form (an escaped lone surrogate).</summary>
    public static string NotUnicode(string detail) => $"line holds a string that is not valid Unicode: {detail}";

    /// <summary>A line that does not parse.</summary>
    public const string NotJson = "line is not valid JSON";

    /// <summary>A line nested deeper than the parser's limit.</summary>
    public static string TooDeep(int limit) => $"line is nested deeper than the limit of {limit} levels";

    /// <summary>recovery_error rows inside each other past the limit.</summary>
    public static string NestedTooDeep(int limit) => $"recovery_error rows nested more than {limit} deep";

    /// <summary>A known bad row type that cannot be recovered (size_violation…).</summary>
    public static string Unrecoverable(string type) => $"bad rows of type {type} cannot be recovered";

    /// <summary>A bad row type this version does not know.</summary>
    public static string UnknownType(string type) => $"unknown bad row type {type}: it cannot be recovered";

    /// <summary>A recoverable row without its payload.</summary>
    public static string NoPayload(string type) => $"the {type} row has no payload";

    /// <summary>The rebuilt payload is over the output's limit.</summary>
    public static string PayloadTooLarge(int length, int limit) =>
        $"the recovered payload is {length} bytes, over the output's limit of {limit} bytes";

    /// <summary>An object of the row with a key twice (a tree refuses it).</summary>
    public static string DuplicateKey(string key, string location) =>
        $"the bad row has the key {CompactJson.Quote(key)} twice at {location}";

    /// <summary>A line, or the payload of a recovery_error row (<paramref name="where"/>), that is not a self-describing bad row.</summary>
    public static string NotSelfDescribing(string where, string why) => $"{where} is not a self-describing bad row: {why}";

    /// <summary>A self-describing JSON whose schema is not a bad row's.</summary>
    public static string NotFromVendor(string where, string schema, string vendor) =>
        $"{where} is not a bad row: its schema {schema} is not from {vendor}";

    /// <summary>A recovery_error row without the row it wraps.</summary>
    public const string RecoveryErrorWithoutPayload = "recovery_error row has no payload";

    // Reading the payload and its encoded layers.

    /// <summary>A payload value that is not an object (the tree engine's reader).</summary>
    public static string PayloadNotObject(string where, string kind) => $"{where} is {kind}, expected an object";

    /// <summary>A payload field of the wrong kind (the tree engine's reader): <c>WHERE is WHAT, expected EXPECTED</c>.</summary>
    public static string PayloadField(string where, string what, string expected) => $"{where} is {what}, expected {expected}";

    /// <summary>
    /// The payload, read in place, is not an object; the in-place engine then leaves the row to the tree, whose words
    /// (<see cref="PayloadNotObject"/>) the row gives.
    /// </summary>
    public static string InPlacePayloadNotObject(string kind) => $"the payload is a {kind}, not an object";

    /// <summary>A payload field, read in place, of the wrong kind (left to the tree, as above).</summary>
    public static string InPlacePayloadField(string name, string what) => $"payload field {name} is {what}";

    /// <summary>A timestamp field that is not ISO-8601.</summary>
    public static string NotATimestamp(string where, string name, string text) => $"{where}.{name} \"{text}\" is not an ISO-8601 date-time";

    /// <summary>An id field that is not a UUID.</summary>
    public static string NotAUuid(string where, string name, string text) => $"{where}.{name} \"{text}\" is not a UUID";

    /// <summary>An encoded layer's field that is not a string.</summary>
    public static string LayerNotAString(string where, string kind, string layer) =>
        $"{where} is {kind}, expected a string holding {layer}";

    /// <summary>An encoded layer that does not decode to JSON.</summary>
    public static string LayerNotJson(string where, string error, string json) =>
        $"{where} does not hold valid JSON ({error}): {Base64Text.Abbreviate(json)}";

    /// <summary>A value that is not base64.</summary>
    public static string NotBase64(string why, string encoded) => $"value is not valid base64 ({why}): {Base64Text.Abbreviate(encoded)}";

    /// <summary>A <c>%</c> escape that is not one.</summary>
    public static string MalformedUrlEscape(int position, string text) =>
        $"malformed URL escape at position {position} in \"{Base64Text.Abbreviate(text)}\"";

    /// <summary>A format violation without its payload.</summary>
    public const string NoPayloadString = "the collector_payload_format_violation row has no payload string";

    /// <summary>A format violation's Thrift payload without a querystring.</summary>
    public const string NoQuerystring = "the collector payload has no querystring to repair";

    /// <summary>A format violation's querystring without a pair.</summary>
    public static string NoPairToRepair(string querystring) =>
        $"the querystring \"{Base64Text.Abbreviate(querystring)}\" has no name=value pair to repair";

    /// <summary>A format violation's payload that does not decode as Thrift.</summary>
    public static string NotThrift(string error) => $"the payload is not a Thrift collector payload: {error}";

    /// <summary>The rebuild of a webhook payload (Iglu, Sendgrid) from ue_pr fails.</summary>
    public static string Webhook(string why) => $"cannot rebuild the webhook payload: {why}";

    /// <summary>A Sendgrid row whose ue_pr schema is not a key.</summary>
    public static string SendgridSchema(string schema) =>
        $"cannot rebuild the sendgrid body: \"{schema}\" in ue_pr is not an iglu schema key";

    // Regexes.

    /// <summary>A regex that ran longer than its limit.</summary>
    public static string RegexTimedOut(string pattern, TimeSpan limit) =>
        string.Create(CultureInfo.InvariantCulture, $"regex /{pattern}/ exceeded its time limit of {limit.TotalMilliseconds:0} ms");

    /// <summary>A <c>Replace</c> replacement text with a group reference the regex cannot fill.</summary>
    public static string Replacement(string replacement, string why) => $"replacement \"{replacement}\" {why}";

    // Where a reason arose.

    /// <summary>A failure while the conditions were read (a regex time-out, a duplicate key).</summary>
    public static string EvaluatingConditions(string because) => $"evaluating conditions: {because}";

    /// <summary>A failure in a step of flow <paramref name="flow"/>.</summary>
    public static string InFlow(string flow, string because) => $"flow {flow}: {because}";

    /// <summary>A failure while the collector payload was rebuilt after the steps.</summary>
    public static string Rebuilding(string because) => $"rebuilding the collector payload: {because}";

    // Flow selection.

    /// <summary>No flow is keyed by the row's schema.</summary>
    public static string NoFlowKeyed(SchemaKey schema) => $"no configuration for {schema}: no flow is keyed by a schema that matches it";

    /// <summary>Flows are keyed by the row's schema, but the conditions of each failed.</summary>
    public static string NoFlowApplies(SchemaKey schema) =>
        $"no configuration applies to this row: the conditions of every flow for {schema} failed";

    /// <summary>
    /// <see cref="NoFlowApplies(SchemaKey)"/>, naming the first condition of the first flow that did not hold, e.g.
    /// <c>…failed; flow fix: conditions[0] (Test $.x value "a") did not hold: found "b"</c>; <paramref name="shown"/>: the
    /// last value its matcher tested, null when the path selected none. One string, built once: most rows of a real
    /// run may give it.
    /// </summary>
    public static string NoFlowApplies(SchemaKey schema, string flow, int index, Condition condition, string? shown) =>
        shown is null
            ? $"no configuration applies to this row: the conditions of every flow for {schema} failed; flow {flow}: conditions[{
                index}] (Test {condition.Path.Text} {condition.Matcher}) did not hold: the path selects nothing"
            : $"no configuration applies to this row: the conditions of every flow for {schema} failed; flow {flow}: conditions[{
                index}] (Test {condition.Path.Text} {condition.Matcher}) did not hold: found {shown}";

    // Paths: the reason is "path P: PREFIX WHY", PREFIX the path up to the segment that failed.

    /// <summary>A path that selects nothing in a row.</summary>
    public static string PathNotFound(string path, string at, string why) => $"path {path}: {at} {why}";

    /// <summary>A field or an index past the end of what exists.</summary>
    public const string DoesNotExist = "does not exist";

    /// <summary>A filter that selects no element of its array.</summary>
    public const string MatchesNoElement = "matches no element";

    /// <summary>A parameter whose value is missing, with more of the path after it.</summary>
    public const string IsNull = "is null";

    /// <summary>An index into something that is not an array.</summary>
    public static string NotAnArray(string kind) => $"is {kind}, not an array";

    /// <summary>An index past the end of an array.</summary>
    public static string IndexPastEnd(int count) => $"does not exist (the array has {count} elements)";

    /// <summary>A filter on something that is not an array.</summary>
    public static string FilterNeedsArray(string kind, FilterSegment filter) => $"is {kind}, the filter {filter} needs an array";

    /// <summary>A field of something that is not an object.</summary>
    public static string NoField(string kind, string name) => $"is {kind}, it has no field '{name}'";

    /// <summary>A parameter list without the named parameter.</summary>
    public static string NoParameter(string name) => $"does not exist: no parameter named '{name}'";

    // Steps.

    /// <summary>A strict run meets a step that changed nothing.</summary>
    public static string UnchangedStrict(int index, string op, string path) =>
        $"steps[{index}] ({op} at {path}) changed nothing, and strict steps fail such a row";

    /// <summary>A value <c>Cast</c> cannot convert.</summary>
    public static string CastFailed(JsonPath path, string value, object from, object to) =>
        $"Cast at {path} failed to cast {Base64Text.Abbreviate(value)} from {from} to {to}";

    /// <summary>An <c>Add</c> of two numbers whose sum is not finite.</summary>
    public static string AddOutOfRange(JsonPath path, string current, string value) =>
        $"Add at {path}: {current} + {value} is beyond the range of a number";

    /// <summary>An <c>Add</c> of something that is not a string to a string.</summary>
    public static string AddToString(JsonPath path, string kind, string value) =>
        $"Add at {path}: cannot append {kind} {value} to a string";

    /// <summary>What a <c>Replace</c> tried, the start of each of its failures.</summary>
    public static string ReplaceFailed(string op, JsonPath path, string? match, string current) =>
        $"{op} at {path} failed to replace {(match is null ? "the whole value" : $"/{match}/")} in {Base64Text.Abbreviate(current)}";

    /// <summary>A <c>Replace</c> whose result, read back as JSON, is not.</summary>
    public static string ReplaceNotJson(string tried, string text) => $"{tried}: the result is not valid JSON: {text}";

    /// <summary>A <c>Replace</c> with a value of a kind that cannot take the place of the current one.</summary>
    public static string ReplaceMismatch(string tried, string valueKind, string value, string currentKind) =>
        $"{tried}: cannot put {valueKind} {value} in place of {currentKind}";
}
