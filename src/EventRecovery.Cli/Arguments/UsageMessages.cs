using System.CommandLine.Parsing;

namespace EventRecovery.Cli.Arguments;

/// <summary>Parse errors in plain words: the flag, the value given, and what it should have been.</summary>
internal static class UsageMessages
{
    /// <summary>The message for <paramref name="error"/>: a value of the wrong type is named with its flag and what is expected; anything
    /// else as the parser says it.</summary>
    public static string Describe(ParseError error)
    {
        var option = error.SymbolResult switch
        {
            OptionResult o => o.Option,
            ArgumentResult { Parent: OptionResult o } => o.Option,
            _ => null,
        };
        if (option is null)
            return error.Message;
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        var expected = Expected(type);
        if (expected is null)
            return error.Message;
        var tokens = (error.SymbolResult as OptionResult ?? (OptionResult)error.SymbolResult!.Parent!).Tokens;
        if (tokens.Count == 0)
            return $"{option.Name}: needs a value, {expected}";
        var value = tokens[^1].Value;
        return Parses(type, value) ? error.Message : $"{option.Name}: '{value}' is not {expected}";
    }

    private static string? Expected(Type type) =>
        type == typeof(int) ? "a whole number"
        : type == typeof(long) ? "a whole number"
        : type == typeof(double) ? "a number"
        : null;

    private static bool Parses(Type type, string value) =>
        type == typeof(int) ? int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _)
        : type == typeof(long) ? long.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _)
        : double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _);
}
