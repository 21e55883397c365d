namespace EventRecovery.Core.Payloads;

/// <summary>One querystring parameter; a <c>null</c> value is a parameter without one.</summary>
public readonly record struct NameValue(string Name, string? Value);
