namespace EventRecovery.Job.S3;

/// <summary>Runs one S3 operation with <see cref="S3RetryOptions"/>: transient failures are retried with backoff.</summary>
internal static class S3Retry
{
    /// <summary>
    /// Runs <paramref name="operation"/> until it succeeds, fails permanently or runs out of attempts; then throws an
    /// <see cref="IOException"/> starting with <paramref name="what"/> (e.g. "uploading s3://b/k").
    /// </summary>
    public static async Task<T> RunAsync<T>(S3RetryOptions options, string what, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e) when (S3Errors.IsTransient(e) && attempt < options.MaxAttempts)
            {
                options.Counter.Increment();
                await Task.Delay(options.DelayBefore(attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || S3Errors.IsTransient(e))
            {
                var tries = attempt > 1 ? $" after {attempt} attempts" : "";
                throw new IOException($"{what} failed{tries}: {S3Errors.Describe(e)}", e);
            }
        }
    }

    /// <summary>Like <see cref="RunAsync{T}"/> for an operation without a result.</summary>
    public static Task RunAsync(S3RetryOptions options, string what, Func<CancellationToken, Task> operation, CancellationToken cancellationToken) =>
        RunAsync(options, what, async ct =>
        {
            await operation(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
}
