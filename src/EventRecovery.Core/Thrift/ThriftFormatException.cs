namespace EventRecovery.Core.Thrift;

/// <summary>
/// Thrown when bytes are not a well-formed TBinaryProtocol <c>CollectorPayload</c>.
/// The message says what is wrong and where, so a bad row can be diagnosed from the log alone.
/// </summary>
public sealed class ThriftFormatException : FormatException
{
    /// <summary>Creates the exception; <paramref name="offset"/> is appended to the message.</summary>
    /// <param name="message">What is wrong, e.g. "string length -1 is negative".</param>
    /// <param name="offset">Byte offset (from the start of the input) where the problem was found.</param>
    public ThriftFormatException(string message, int offset)
        : base($"{message} (at byte offset {offset})")
    {
        Offset = offset;
    }

    /// <summary>Byte offset from the start of the input where the problem was found.</summary>
    public int Offset { get; }
}
