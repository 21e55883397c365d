using System.Diagnostics;
using EventRecovery.Job.Aws;

namespace EventRecovery.Job.Tests.Aws;

public sealed class AwsRetryPipelineTests
{
    private static readonly AwsRetryOptions Fast = new()
    {
        MaxAttempts = 4,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(5),
    };

    private sealed class Transient(string message) : Exception(message);

    private static ValueTask<int> Fail(Exception error) => ValueTask.FromException<int>(error);

    [Fact]
    public async Task A_transient_failure_is_tried_max_attempts_times_then_the_last_error_is_thrown()
    {
        var retries = 0;
        var pipeline = new AwsRetryPipeline(Fast, e => e is Transient, () => retries++);
        var attempts = 0;
        var e = await Assert.ThrowsAsync<Transient>(() =>
            pipeline.ExecuteAsync((_, _) => Fail(new Transient($"attempt {++attempts}")), 0, CancellationToken.None).AsTask()
        );
        Assert.Equal(4, attempts);
        Assert.Equal(3, retries);
        Assert.Equal("attempt 4", e.Message);
    }

    [Fact]
    public async Task One_attempt_means_no_retry()
    {
        var retries = 0;
        var pipeline = new AwsRetryPipeline(Fast with { MaxAttempts = 1 }, _ => true, () => retries++);
        var attempts = 0;
        await Assert.ThrowsAsync<Transient>(() =>
            pipeline
                .ExecuteAsync(
                    (_, _) =>
                    {
                        attempts++;
                        return Fail(new Transient("x"));
                    },
                    0,
                    CancellationToken.None
                )
                .AsTask()
        );
        Assert.Equal(1, attempts);
        Assert.Equal(0, retries);
    }

    [Fact]
    public async Task Success_after_failures_returns_the_result()
    {
        var pipeline = new AwsRetryPipeline(Fast, e => e is Transient);
        var attempts = 0;
        var result = await pipeline.ExecuteAsync(
            (_, _) => ++attempts < 3 ? Fail(new Transient("x")) : ValueTask.FromResult(attempts * 10),
            0,
            CancellationToken.None
        );
        Assert.Equal(30, result);
    }

    [Fact]
    public async Task A_permanent_failure_is_not_retried()
    {
        var retries = 0;
        var pipeline = new AwsRetryPipeline(Fast, e => e is Transient, () => retries++);
        var attempts = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            pipeline
                .ExecuteAsync(
                    (_, _) =>
                    {
                        attempts++;
                        return Fail(new InvalidOperationException("no"));
                    },
                    0,
                    CancellationToken.None
                )
                .AsTask()
        );
        Assert.Equal(1, attempts);
        Assert.Equal(0, retries);
    }

    [Fact]
    public async Task Without_an_attempt_limit_the_deadline_ends_the_retries()
    {
        var options = new AwsRetryOptions
        {
            MaxAttempts = int.MaxValue,
            BaseDelay = TimeSpan.FromMilliseconds(5),
            MaxDelay = TimeSpan.FromMilliseconds(20),
            Deadline = TimeSpan.FromMilliseconds(300),
        };
        var pipeline = new AwsRetryPipeline(options, e => e is Transient);
        var attempts = 0;
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<Transient>(() =>
            pipeline
                .ExecuteAsync(
                    (_, _) =>
                    {
                        attempts++;
                        return Fail(new Transient("x"));
                    },
                    0,
                    CancellationToken.None
                )
                .AsTask()
        );
        // What the deadline guarantees, however loaded the machine: retries went on until it passed, then stopped
        // (a pipeline that never stopped would not return). How many fit in it depends on the machine's timers.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300), $"gave up after {clock.Elapsed}");
        Assert.True(attempts >= 2, $"{attempts} attempts");
    }

    [Fact]
    public async Task The_callers_cancellation_stops_the_retries()
    {
        var options = Fast with { MaxAttempts = int.MaxValue, BaseDelay = TimeSpan.FromMilliseconds(20) };
        var pipeline = new AwsRetryPipeline(options, _ => true);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            pipeline.ExecuteAsync((_, _) => Fail(new Transient("x")), 0, stop.Token).AsTask()
        );
    }

    [Fact]
    public async Task A_cancellation_that_arrives_while_an_attempt_fails_is_reported_as_the_cancellation()
    {
        var pipeline = new AwsRetryPipeline(Fast with { MaxAttempts = int.MaxValue }, _ => true);
        using var stop = new CancellationTokenSource();
        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            pipeline
                .ExecuteAsync(
                    (_, _) =>
                    {
                        stop.Cancel();
                        return Fail(new Transient("failing as the caller stops"));
                    },
                    0,
                    stop.Token
                )
                .AsTask()
        );
        Assert.Equal(stop.Token, e.CancellationToken);
        Assert.IsType<Transient>(e.InnerException);
    }

    [Fact]
    public void Delays_double_from_the_base_up_to_the_maximum_with_half_of_each_random()
    {
        var options = new AwsRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };
        for (var i = 0; i < 200; i++)
        {
            Assert.InRange(options.DelayBefore(1).TotalMilliseconds, 50, 100);
            Assert.InRange(options.DelayBefore(3).TotalMilliseconds, 200, 400);
            Assert.InRange(options.DelayBefore(40).TotalMilliseconds, 500, 1000);
        }
    }
}
