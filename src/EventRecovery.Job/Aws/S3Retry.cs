namespace EventRecovery.Job.Aws;

/// <summary>Runs one S3 operation through the AWS retry pipeline of <see cref="S3RetryOptions"/>, and words its final failure.</summary>
internal static class S3Retry
{
    /// <summary>
    /// Runs <paramref name="operation"/> until it succeeds, fails permanently or runs out of attempts; then throws an
    /// <see cref="IOException"/> starting with <paramref name="what"/> (e.g. "uploading s3://b/k").
    /// </summary>
    public static async Task<T> RunAsync<T>(
        S3RetryOptions options,
        string what,
        Func<CancellationToken, Task<T>> operation,
        CancellationToken cancellationToken
    )
    {
        var run = new Run<T>(operation);
        try
        {
            return await options.Pipeline.ExecuteAsync(static (r, ct) => r.AttemptAsync(ct), run, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException || S3Errors.IsTransient(e))
        {
            var tries = run.Attempts > 1 ? $" after {run.Attempts} attempts" : "";
            throw new IOException($"{what} failed{tries}: {S3Errors.Describe(e)}", e);
        }
    }

    /// <summary>Like <see cref="RunAsync{T}"/> for an operation without a result.</summary>
    public static Task RunAsync(
        S3RetryOptions options,
        string what,
        Func<CancellationToken, Task> operation,
        CancellationToken cancellationToken
    ) =>
        RunAsync(
            options,
            what,
            async ct =>
            {
                await operation(ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken
        );

    /// <summary>One operation across its attempts.</summary>
    private sealed class Run<T>(Func<CancellationToken, Task<T>> operation)
    {
        public int Attempts;

        public async ValueTask<T> AttemptAsync(CancellationToken cancellationToken)
        {
            Attempts++;
            return await operation(cancellationToken).ConfigureAwait(false);
        }
    }
}
