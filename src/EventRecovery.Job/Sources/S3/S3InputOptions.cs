using EventRecovery.Job.Aws;

namespace EventRecovery.Job.Sources.S3;

/// <summary>How S3 inputs are listed and read.</summary>
public sealed record S3InputOptions
{
    /// <summary>Keys per listing page (S3 returns at most 1000); smaller only to exercise paging in tests.</summary>
    public int PageSize { get; init; } = 1000;

    /// <summary>Retries of listing pages and of broken or stalled downloads.</summary>
    public S3RetryOptions Retry { get; init; } = new();

    /// <summary>A download that delivers no byte for this long is treated as broken and resumed.</summary>
    public TimeSpan ReadIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Bytes asked for by the first GET of a read; each further GET asks for twice as many, up to <see
    /// cref="MaxRequestBytes"/>.</summary>
    /// <remarks>
    /// Bounded requests keep a connection reusable when a reader stops early (a range split stops just past its end,
    /// and the gzip check reads two bytes), and the first small one answers quickly.
    /// </remarks>
    public long FirstRequestBytes { get; init; } = 1L << 20;

    /// <summary>Largest byte range asked for by one GET.</summary>
    public long MaxRequestBytes { get; init; } = 64L << 20;
}
