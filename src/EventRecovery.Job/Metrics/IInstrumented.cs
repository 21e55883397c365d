using System.Diagnostics.Metrics;

namespace EventRecovery.Job.Metrics;

/// <summary>A component with counters of its own (a sink's requests and retries), which it adds to the run's meter.</summary>
public interface IInstrumented
{
    /// <summary>Creates this component's observable instruments on <paramref name="meter"/>.</summary>
    void AddInstruments(Meter meter);
}
