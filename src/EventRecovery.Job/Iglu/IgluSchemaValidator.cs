using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Verification;
using Json.Schema;

namespace EventRecovery.Job.Iglu;

/// <summary>
/// Validates JSON against Iglu schemas found by an <see cref="IgluResolver"/>, each compiled once for as long as the
/// resolver keeps it: by <see cref="Draft04Validator"/>, which reads draft-04 as it is and costs a fraction of a general
/// validator; a schema it does not take (another format, a <c>$ref</c> through an <c>id</c>) is rewritten from draft-04
/// (<see cref="Draft04Schema"/>) and evaluated by JsonSchema.Net as draft-07, with format validation on.
/// </summary>
public sealed class IgluSchemaValidator(IgluResolver resolver) : ISchemaValidator
{
    // Keyed by the resolver's answer: a schema the resolver fetches again (its cache expired) is compiled again.
    private readonly ConditionalWeakTable<SchemaLookup, Compiled> _compiled = new();

    /// <inheritdoc />
    public SchemaCheck Validate(SchemaKey key, JsonElement instance)
    {
        var lookup = resolver.LookupAsync(key).GetAwaiter().GetResult(); // the task is the resolver's cached one: done after the first row
        switch (lookup.Kind)
        {
            case LookupKind.NotFound:
                return new SchemaCheck(SchemaCheckKind.NotFound, lookup.Detail);
            case LookupKind.Unavailable:
                return new SchemaCheck(SchemaCheckKind.Unavailable, lookup.Detail);
        }
        var compiled = _compiled.GetValue(lookup, Compile);
        if (compiled.Own is { } own)
            return own.FirstError(instance) is { } error ? new SchemaCheck(SchemaCheckKind.Invalid, error) : SchemaCheck.Valid;
        if (compiled.Schema is not { } schema)
            return new SchemaCheck(SchemaCheckKind.Invalid, compiled.Error);
        return Evaluate(schema, instance);
    }

    // Never inlined: compiling a hot caller with it would run Evaluation's initializer, and so start JsonSchema.Net.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SchemaCheck Evaluate(JsonSchema schema, JsonElement instance)
    {
        if (schema.Evaluate(instance, Evaluation.Flag).IsValid)
            return SchemaCheck.Valid;
        return new SchemaCheck(SchemaCheckKind.Invalid, FirstError(schema.Evaluate(instance, Evaluation.Detailed)));
    }

    /// <summary>JsonSchema.Net's options, made when a schema first needs it (its start-up is not free).</summary>
    private static class Evaluation
    {
        public static readonly EvaluationOptions Flag = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };
        public static readonly EvaluationOptions Detailed = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
    }

    /// <summary>
    /// Compiles <paramref name="text"/> (an Iglu schema, draft-04) with <see cref="Draft04Validator"/>; null, with the
    /// reason, when it needs something that validator does not implement.
    /// </summary>
    public static Draft04Validator? CompileOwn(string text, out string? unsupported)
    {
        using var document = JsonDocument.Parse(text);
        return Draft04Validator.TryCompile(document.RootElement, out unsupported);
    }

    /// <summary>Compiles <paramref name="text"/> (an Iglu schema, draft-04) as <see cref="IgluSchemaValidator"/> does.</summary>
    public static JsonSchema Compile(string text, Uri baseUri)
    {
        var node = JsonNode.Parse(text) ?? throw new JsonException("the schema is null");
        var rewritten = Draft04Schema.Rewrite(node);
        using var document = JsonDocument.Parse(rewritten.ToJsonString());
        // A registry of its own: two versions of a schema may carry the same id.
        var options = new BuildOptions { Dialect = Dialect.Draft07, SchemaRegistry = new SchemaRegistry() };
        return JsonSchema.Build(document.RootElement.Clone(), options, baseUri);
    }

    private static Compiled Compile(SchemaLookup lookup)
    {
        var key = lookup.Resolved ?? lookup.Key;
        try
        {
            if (CompileOwn(lookup.Schema!, out _) is { } own)
                return new Compiled(own, null, null);
            var baseUri = new Uri($"https://iglu.invalid/schemas/{key.Vendor}/{key.Name}/{key.Format}/{key.Version}");
            return new Compiled(null, Compile(lookup.Schema!, baseUri), null);
        }
        catch (Exception e)
            when (e is JsonException or JsonSchemaException or ArgumentException or InvalidOperationException or FormatException)
        {
            return new Compiled(null, null, $"the schema from {lookup.Repository} cannot be used: {e.Message}");
        }
    }

    /// <summary>The first error, at its place in the instance: <c>$.age: Value is "string" but should be "integer"</c>.</summary>
    private static string FirstError(EvaluationResults results)
    {
        foreach (var node in (IEnumerable<EvaluationResults>?)results.Details ?? [])
            if (node.Errors is { Count: > 0 } errors)
                return $"{Location(node.InstanceLocation.ToString())}: {errors.First().Value}";
        return results.Errors is { Count: > 0 } top ? $"$: {top.First().Value}" : "$: does not validate";
    }

    /// <summary>A JSON pointer as a path: <c>/a/0/b</c> → <c>$.a[0].b</c>.</summary>
    internal static string Location(string pointer)
    {
        var path = new StringBuilder("$");
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/").Replace("~0", "~");
            if (name.All(char.IsAsciiDigit))
                path.Append('[').Append(name).Append(']');
            else
                path.Append('.').Append(name);
        }
        return path.ToString();
    }

    private sealed record Compiled(Draft04Validator? Own, JsonSchema? Schema, string? Error);
}
