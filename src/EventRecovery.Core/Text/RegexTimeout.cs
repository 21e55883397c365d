using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Text;

/// <summary>A regex ran longer than its limit: the row fails (never a silent "no match").</summary>
public sealed class RegexTimeout(string reason) : RowFailure(reason);
