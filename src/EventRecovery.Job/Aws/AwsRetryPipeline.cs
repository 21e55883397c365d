using System.Diagnostics;
using Polly;
using Polly.Retry;

namespace EventRecovery.Job.Aws;

/// <summary>
/// The one retry policy of the AWS clients (S3 and Kinesis), a Polly retry strategy: a failure that
/// <c>isTransient</c> accepts is tried again after <see cref="AwsRetryOptions.DelayBefore"/>, until
/// <see cref="AwsRetryOptions.MaxAttempts"/> or <see cref="AwsRetryOptions.Deadline"/>; any other failure, the last
/// one is thrown as it is; once the caller cancels, an <see cref="OperationCanceledException"/>. The SDK clients
/// retry little or not at all underneath, so attempts do not multiply. Safe for concurrent use; build one per kind of caller and reuse it.
/// </summary>
public sealed class AwsRetryPipeline
{
    private static readonly ResiliencePropertyKey<long> Started = new("event-recovery.aws-retry.started");

    private readonly ResiliencePipeline _pipeline;

    /// <param name="options">Attempts, deadline, backoff.</param>
    /// <param name="isTransient">The service's classification (<see cref="AwsErrors.IsTransient(Exception)"/>, or the caller's own
    /// errors).</param>
    /// <param name="retried">Called before each retry (counters for metrics), or <c>null</c>.</param>
    public AwsRetryPipeline(AwsRetryOptions options, Func<Exception, bool> isTransient, Action? retried = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(isTransient);
        Options = options;
        var deadline = options.Deadline;
        // Polly refuses a retry strategy of no retries: one attempt is the empty pipeline.
        if (options.MaxAttempts <= 1)
        {
            _pipeline = ResiliencePipeline.Empty;
            return;
        }
        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(
                new RetryStrategyOptions
                {
                    ShouldHandle = args =>
                        ValueTask.FromResult(
                            args.Outcome.Exception is { } e
                                && !args.Context.CancellationToken.IsCancellationRequested
                                && isTransient(e)
                                && (
                                    deadline is not { } limit
                                    || Stopwatch.GetElapsedTime(args.Context.Properties.GetValue(Started, Stopwatch.GetTimestamp())) < limit
                                )
                        ),
                    // Polly counts retries, we count tries.
                    MaxRetryAttempts = options.MaxAttempts == int.MaxValue ? int.MaxValue : options.MaxAttempts - 1,
                    DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(options.DelayBefore(args.AttemptNumber + 1)),
                    OnRetry = _ =>
                    {
                        retried?.Invoke();
                        return default;
                    },
                }
            )
            .Build();
    }

    /// <summary>The options this pipeline was built with.</summary>
    public AwsRetryOptions Options { get; }

    /// <summary>
    /// Runs <paramref name="attempt"/> with <paramref name="state"/> until it succeeds or fails for good; then throws
    /// its last exception.
    /// </summary>
    public async ValueTask<TResult> ExecuteAsync<TState, TResult>(
        Func<TState, CancellationToken, ValueTask<TResult>> attempt,
        TState state,
        CancellationToken cancellationToken
    )
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Started, Stopwatch.GetTimestamp());
        try
        {
            return await _pipeline
                .ExecuteAsync(static (ctx, s) => s.Attempt(s.State, ctx.CancellationToken), context, (Attempt: attempt, State: state))
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            // The caller stopped waiting while an attempt was failing: what it asked for ended by its cancellation,
            // whichever of the two the attempt noticed first.
            throw new OperationCanceledException("The caller cancelled while retrying: " + e.Message, e, cancellationToken);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
