using EventRecovery.Job.Reporting;

namespace EventRecovery.Job.Tests.Reporting;

public sealed class ThroughputSeriesTests
{
    [Fact]
    public void Starts_at_zero_and_keeps_samples_an_interval_apart()
    {
        var series = new ThroughputSeries(interval: 1);

        series.Offer(0.5, 50, 500); // too soon after the start
        series.Offer(1.0, 100, 1_000);
        series.Offer(1.4, 140, 1_400); // too soon after the last kept
        series.Offer(2.1, 210, 2_100);

        Assert.Equal([new(0, 0, 0), new(1.0, 100, 1_000), new(2.1, 210, 2_100)], series.Samples());
    }

    [Fact]
    public void Stays_bounded_over_a_very_long_run_and_still_spans_all_of_it()
    {
        var series = new ThroughputSeries(interval: 1);
        // A week of one-second ticks at a million lines a second.
        const int seconds = 7 * 24 * 3600;
        for (var t = 1; t <= seconds; t++)
            series.Offer(t, t * 1_000_000L, t * 800_000_000L);
        series.Finish(seconds + 0.5, seconds * 1_000_000L + 7, 0);

        var samples = series.Samples();
        Assert.InRange(samples.Count, ThroughputSeries.Capacity / 2, ThroughputSeries.Capacity + 1);
        Assert.Equal(0, samples[0].Seconds);
        Assert.Equal(seconds + 0.5, samples[^1].Seconds);
        // Spread over the whole run: no gap is much wider than the current interval.
        var widest = samples.Zip(samples.Skip(1), (a, b) => b.Seconds - a.Seconds).Max();
        Assert.True(widest <= series.Interval * 2, $"widest gap {widest} s, interval {series.Interval} s");
    }

    [Fact]
    public void Thinning_keeps_the_rates_between_kept_samples_exact()
    {
        var series = new ThroughputSeries(interval: 1);
        // 1,000 lines/s for the first 300 s, then 3,000 lines/s.
        long records = 0;
        for (var t = 1; t <= 600; t++)
        {
            records += t <= 300 ? 1_000 : 3_000;
            series.Offer(t, records, 0);
        }

        var samples = series.Samples();
        Assert.True(samples.Count < 600, "the series was thinned");
        foreach (var (a, b) in samples.Zip(samples.Skip(1)))
        {
            var rate = (b.Records - a.Records) / (b.Seconds - a.Seconds);
            if (b.Seconds <= 300)
                Assert.Equal(1_000, rate, 6);
            else if (a.Seconds >= 300)
                Assert.Equal(3_000, rate, 6);
        }
    }

    [Fact]
    public void Finish_adds_the_final_counts_whatever_the_interval()
    {
        var series = new ThroughputSeries(interval: 10);

        series.Finish(0.8, 8, 9_240);

        Assert.Equal([new(0, 0, 0), new(0.8, 8, 9_240)], series.Samples());
    }
}
