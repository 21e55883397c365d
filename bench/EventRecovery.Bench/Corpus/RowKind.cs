namespace EventRecovery.Bench.Corpus;

/// <summary>What the generated config is expected to do with a row of a kind.</summary>
internal enum Expected
{
    Recovered,
    Failed,
    Unrecoverable,
}

/// <summary>One shape of bad row the generator writes, with the flow meant to handle it.</summary>
internal sealed record RowKind(string Name, string BadRowType, Expected Expected, string What);

/// <summary>Every kind of row, and the named mixes (weights per kind).</summary>
internal static class RowKinds
{
    public static readonly RowKind SvButtonClick = new(
        "sv-button-click",
        "schema_violations",
        Expected.Recovered,
        "ue_pr names an unpublished 1-0-0: Replace with match on the schema inside ue_pr (JSON text)"
    );
    public static readonly RowKind SvCustomerAge = new(
        "sv-customer-age",
        "schema_violations",
        Expected.Recovered,
        "cx (base64) context has \"age\" as a string: Cast through a filter, then Add (two flows apply)"
    );
    public static readonly RowKind SvFormIdLength = new(
        "sv-form-id-length",
        "schema_violations",
        Expected.Recovered,
        "ue_pr formId longer than maxLength: size condition, Replace with match and $1"
    );
    public static readonly RowKind SvIgluWebhook = new(
        "sv-iglu-webhook",
        "schema_violations",
        Expected.Recovered,
        "Iglu webhook (POST body rebuilt from ue_pr): Replace with match on the schema version"
    );
    public static readonly RowKind SvSendgrid = new(
        "sv-sendgrid",
        "schema_violations",
        Expected.Recovered,
        "Sendgrid webhook (body rebuilt as an array): Remove with match on a proxy chain in ip"
    );
    public static readonly RowKind SvNoFlow = new(
        "sv-no-flow",
        "schema_violations",
        Expected.Failed,
        "a schema no flow's conditions cover: fails with 'no configuration applies'"
    );
    public static readonly RowKind SvCastFails = new(
        "sv-cast-fails",
        "schema_violations",
        Expected.Failed,
        "customer context with age \"unknown\": the Cast step fails the row"
    );
    public static readonly RowKind AfAppId = new(
        "af-app-id",
        "adapter_failures",
        Expected.Recovered,
        "tracker GET with a legacy app id: Replace through a querystring filter, Remove with match"
    );
    public static readonly RowKind AfSegmentBody = new(
        "af-segment-body",
        "adapter_failures",
        Expected.Recovered,
        "Segment webhook POST with a JSON body: Replace with match inside the body"
    );
    public static readonly RowKind EfApiRequest = new(
        "ef-api-request",
        "enrichment_failures",
        Expected.Recovered,
        "API request enrichment failed: two conditions, Replace with match on url"
    );
    public static readonly RowKind TpvCoContext = new(
        "tpv-co-context",
        "tracker_protocol_violations",
        Expected.Recovered,
        "co (JSON text) context with a numeric string: Cast and Add to the contexts array"
    );
    public static readonly RowKind CpfvQuerystring = new(
        "cpfv-querystring",
        "collector_payload_format_violation",
        Expected.Recovered,
        "Thrift payload whose querystring has illegal characters: repaired and re-encoded"
    );
    public static readonly RowKind CpfvBase64 = new(
        "cpfv-base64",
        "collector_payload_format_violation",
        Expected.Recovered,
        "'Unrecognized type': the Thrift was base64 text, decoded twice"
    );
    public static readonly RowKind ReAdapter = new(
        "re-adapter",
        "recovery_error",
        Expected.Recovered,
        "recovery_error from an earlier run carrying an adapter_failures row"
    );
    public static readonly RowKind ReSchema = new(
        "re-schema",
        "recovery_error",
        Expected.Recovered,
        "recovery_error carrying a schema_violations row (recoveries 1-3)"
    );
    public static readonly RowKind SizeViolation = new(
        "size-violation",
        "size_violation",
        Expected.Unrecoverable,
        "size_violation: unrecoverable"
    );

    public static readonly RowKind[] All =
    [
        SvButtonClick,
        SvCustomerAge,
        SvFormIdLength,
        SvIgluWebhook,
        SvSendgrid,
        SvNoFlow,
        SvCastFails,
        AfAppId,
        AfSegmentBody,
        EfApiRequest,
        TpvCoContext,
        CpfvQuerystring,
        CpfvBase64,
        ReAdapter,
        ReSchema,
        SizeViolation,
    ];

    private static readonly (RowKind Kind, int Weight)[] Default =
    [
        (SvButtonClick, 20),
        (SvCustomerAge, 12),
        (SvFormIdLength, 6),
        (SvIgluWebhook, 3),
        (SvSendgrid, 2),
        (SvNoFlow, 3),
        (SvCastFails, 2),
        (AfAppId, 18),
        (AfSegmentBody, 12),
        (EfApiRequest, 4),
        (TpvCoContext, 4),
        (CpfvQuerystring, 3),
        (CpfvBase64, 2),
        (ReAdapter, 3),
        (ReSchema, 3),
        (SizeViolation, 3),
    ];

    /// <summary>The named mixes, for help and errors.</summary>
    public const string Names = "default, failing, unrecoverable-heavy, even, or explicit weights such as 'sv-no-flow=6,af-app-id=4'";

    /// <summary>
    /// "default": close to what a pipeline's failures look like once a config repairs most of them: mostly
    /// schema_violations and adapter_failures; 92 % recovered, 5 % failed, 3 % unrecoverable. "failing": a real
    /// bucket early in the design of a recovery, where the config repairs a few kinds: 30 % recovered (the default's
    /// kinds, in its proportions), 60 % failed (48 % "no configuration applies", 12 % a step that fails), 10 %
    /// unrecoverable. "unrecoverable-heavy": half size_violation, half the default mix. "even": every kind alike.
    /// Or explicit weights: "kind=weight,…" with the kinds' names.
    /// </summary>
    public static IReadOnlyList<(RowKind Kind, int Weight)> Mix(string name) =>
        name switch
        {
            "default" => Default,
            "failing" =>
            [
                .. Default.Where(k => k.Kind.Expected == Expected.Recovered).Select(k => (k.Kind, k.Weight * 30)),
                (SvNoFlow, 48 * 92),
                (SvCastFails, 12 * 92),
                (SizeViolation, 10 * 92),
            ],
            "unrecoverable-heavy" =>
            [
                .. Default.Where(k => k.Kind != SizeViolation).Select(k => (k.Kind, k.Weight * 50)),
                (SizeViolation, 50 * 97),
            ],
            "even" => All.Select(k => (k, 1)).ToList(),
            _ when name.Contains('=') => Explicit(name),
            _ => throw new ArgumentException($"unknown mix '{name}' ({Names})"),
        };

    private static List<(RowKind Kind, int Weight)> Explicit(string weights) =>
        weights
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part =>
            {
                var (name, weight) = (part.Split('=')[0], part.Split('=').ElementAtOrDefault(1));
                var kind = All.FirstOrDefault(k => k.Name == name)
                    ?? throw new ArgumentException($"--mix: unknown kind '{name}' (kinds: {string.Join(", ", All.Select(k => k.Name))})");
                return int.TryParse(weight, out var w) && w > 0
                    ? (kind, w)
                    : throw new ArgumentException($"--mix: '{part}': the weight must be a positive whole number");
            })
            .ToList();
}
