using EventRecovery.Core.Configuration;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Tests.Fixtures;

/// <summary>Recovery configurations written as JSON text, as a person writes them.</summary>
public static class Configs
{
    public const string Schema = "iglu:com.snowplowanalytics.snowplow/recoveries/jsonschema/4-0-0";

    /// <summary>A matchable key for a bad row type, <c>*-*-*</c> unless given.</summary>
    public static string Key(string type, string version = "*-*-*") => BadRowLines.Schema(type, version);

    /// <summary>A config mapping one key to the flows given as JSON text.</summary>
    public static string Text(string key, params string[] flows) =>
        $$$"""{"schema":"{{{Schema}}}","data":{"{{{key}}}":[{{{string.Join(",", flows)}}}]}}""";

    /// <summary>A config with several keys, each with its flows.</summary>
    public static string Text(params (string Key, string[] Flows)[] entries) =>
        $$$"""{"schema":"{{{Schema}}}","data":{{{{string.Join(",", entries.Select(e => $"\"{e.Key}\":[{string.Join(",", e.Flows)}]"))}}}}}""";

    /// <summary>One flow; <paramref name="steps"/> and <paramref name="conditions"/> are JSON arrays as text.</summary>
    public static string Flow(string name, string steps = "[]", string conditions = "[]") =>
        $$"""{"name":"{{name}}","conditions":{{conditions}},"steps":{{steps}}}""";

    public static RecoveryConfig Load(string text, RecoveryOptions? options = null) => ConfigLoader.Load(text, options);

    public static Recoverer Recoverer(string text, RecoveryOptions? options = null) => new(Load(text, options), options);

    /// <summary>A recoverer with one flow for <paramref name="type"/> holding the given steps.</summary>
    public static Recoverer WithSteps(string type, string steps, RecoveryOptions? options = null) =>
        Recoverer(Text(Key(type), Flow("fix", steps)), options);
}
