namespace EventRecovery.Core.Paths;

/// <summary>
/// What the segments already walked in the current layer imply for the next one. The original decides
/// whether a field is a parameter list or an encoded JSON layer by its name, by the names before it, and
/// by a preceding filter <c>[?(@.name=~ue_pr)]</c> naming an encoded parameter; this keeps those rules.
/// </summary>
internal readonly record struct PathContext(bool AfterNameValueList, bool AfterBase64, bool AfterJsonText)
{
    private static readonly string[] NameValueLists = ["parameters", "querystring"];
    private static readonly string[] Base64Fields = ["cx", "ue_px"];
    private static readonly string[] JsonTextFields = ["co", "ue_pr", "contexts", "derived_contexts"];

    // The field itself is compared ignoring case (as the original lower-cases it); earlier fields exactly.
    public bool IsNameValueList(string field) => AfterNameValueList || ContainsIgnoringCase(NameValueLists, field);

    public bool IsBase64(string field) => AfterBase64 || ContainsIgnoringCase(Base64Fields, field);

    public bool IsJsonText(string field) => AfterJsonText || ContainsIgnoringCase(JsonTextFields, field);

    /// <summary>What a field's name says by itself (see <see cref="FieldSegment.Kinds"/>).</summary>
    internal readonly record struct NameKinds(
        bool NameValueList,
        bool Base64,
        bool JsonText,
        bool ExactNameValueList,
        bool ExactBase64,
        bool ExactJsonText
    );

    /// <summary>The <see cref="NameKinds"/> of <paramref name="field"/>: worked out once per path segment, not per row.</summary>
    internal static NameKinds KindsOf(string field) =>
        new(
            ContainsIgnoringCase(NameValueLists, field),
            ContainsIgnoringCase(Base64Fields, field),
            ContainsIgnoringCase(JsonTextFields, field),
            Contains(NameValueLists, field),
            Contains(Base64Fields, field),
            Contains(JsonTextFields, field)
        );

    /// <summary><see cref="IsNameValueList(string)"/> for a path segment.</summary>
    public bool IsNameValueList(FieldSegment field) => AfterNameValueList || field.Kinds.NameValueList;

    /// <summary><see cref="IsBase64(string)"/> for a path segment.</summary>
    public bool IsBase64(FieldSegment field) => AfterBase64 || field.Kinds.Base64;

    /// <summary><see cref="IsJsonText(string)"/> for a path segment.</summary>
    public bool IsJsonText(FieldSegment field) => AfterJsonText || field.Kinds.JsonText;

    /// <summary><see cref="After(string)"/> for a path segment.</summary>
    public PathContext After(FieldSegment field) =>
        new(
            AfterNameValueList || field.Kinds.ExactNameValueList,
            AfterBase64 || field.Kinds.ExactBase64,
            AfterJsonText || field.Kinds.ExactJsonText
        );

    public PathContext After(string field) =>
        new(
            AfterNameValueList || Contains(NameValueLists, field),
            AfterBase64 || Contains(Base64Fields, field),
            AfterJsonText || Contains(JsonTextFields, field)
        );

    public PathContext After(FilterSegment filter)
    {
        // [?(@.name=~ue_pr)] selects the ue_pr parameter, so what follows is inside its JSON.
        if (!filter.SubPath.Contains("name"))
            return this;
        var named = filter.Regex.Pattern;
        return new(
            AfterNameValueList || Contains(NameValueLists, named),
            AfterBase64 || Contains(Base64Fields, named),
            AfterJsonText || Contains(JsonTextFields, named)
        );
    }

    private static bool Contains(string[] set, string value) => Array.IndexOf(set, value) >= 0;

    private static bool ContainsIgnoringCase(string[] set, string value)
    {
        foreach (var item in set)
            if (string.Equals(item, value, StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }
}
