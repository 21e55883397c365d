using System.Text.Json.Serialization;

namespace EventRecovery.Studio.Api;

/// <summary>Source-generated JSON for the API: no reflection, so it works in the native binary.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ConfigRequest))]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(ValidationDto))]
[JsonSerializable(typeof(ConfigDto))]
[JsonSerializable(typeof(OverviewDto))]
[JsonSerializable(typeof(RowsDto))]
[JsonSerializable(typeof(RunDto))]
[JsonSerializable(typeof(RunStatusDto))]
[JsonSerializable(typeof(SavedDto))]
[JsonSerializable(typeof(ExportDto))]
[JsonSerializable(typeof(Suggestions.SuggestionsDto))]
internal sealed partial class StudioJsonContext : JsonSerializerContext;
