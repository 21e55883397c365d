using System.Diagnostics.Metrics;

namespace EventRecovery.Job.Metrics;

/// <summary>
/// Reads a run's instruments with a <see cref="MeterListener"/>: observable counters give their cumulative value
/// when collected, counters are summed from the moment the collector starts (the start of the run). Used by the
/// exporters that encode metrics themselves (EMF).
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    private readonly JobMetrics _metrics;
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly List<Slot> _slots = [];

    /// <summary>Starts listening to the run's instruments.</summary>
    public MetricsCollector(JobMetrics metrics)
    {
        _metrics = metrics;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!metrics.Owns(instrument))
                return;
            var slot = new Slot(instrument.Name, instrument.Unit, instrument.IsObservable);
            lock (_gate)
                _slots.Add(slot);
            listener.EnableMeasurementEvents(instrument, slot);
        };
        _listener.SetMeasurementEventCallback<long>(
            static (instrument, value, _, state) =>
            {
                var slot = (Slot)state!;
                if (slot.Observable)
                    Interlocked.Exchange(ref slot.Value, value);
                else
                    Interlocked.Add(ref slot.Value, value);
            }
        );
        _listener.Start();
    }

    /// <summary>The current cumulative value of every instrument, in the order they were created.</summary>
    public IReadOnlyList<MetricValue> Collect()
    {
        _metrics.Refresh();
        _listener.RecordObservableInstruments();
        lock (_gate)
        {
            return _slots.OrderBy(s => Rank(s.Name)).Select(s => new MetricValue(s.Name, s.Unit, Interlocked.Read(ref s.Value))).ToList();
        }
    }

    private static int Rank(string name)
    {
        for (var i = 0; i < MetricNames.All.Count; i++)
            if (MetricNames.All[i] == name)
                return i;
        return int.MaxValue;
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private sealed class Slot(string name, string? unit, bool observable)
    {
        public readonly string Name = name;
        public readonly string? Unit = unit;
        public readonly bool Observable = observable;
        public long Value;
    }
}
