using System.IO.Compression;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using EventRecovery.Job.Aws;
using EventRecovery.Job.Sources;

namespace EventRecovery.Job.Tests.S3;

/// <summary>Test inputs with a unique marker per line, and ways to put them into S3 and read them back.</summary>
internal static class S3TestData
{
    /// <summary>Options that retry quickly, so fault tests do not wait on production backoffs.</summary>
    public static S3RetryOptions FastRetry() =>
        new()
        {
            MaxAttempts = 10,
            BaseDelay = TimeSpan.FromMilliseconds(5),
            MaxDelay = TimeSpan.FromMilliseconds(50),
        };

    /// <summary><paramref name="count"/> lines <c>line-&lt;tag&gt;-&lt;n&gt; …padding…</c> of varied lengths.</summary>
    public static List<string> Lines(string tag, int count, int padding = 60) =>
        Enumerable
            .Range(0, count)
            .Select(i => $"{{\"marker\":\"line-{tag}-{i:D7}\",\"pad\":\"{new string((char)('a' + i % 26), i * 7 % padding)}\"}}")
            .ToList();

    /// <summary>The lines joined with '\n', with a final terminator.</summary>
    public static byte[] Text(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));

    public static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            gzip.Write(data);
        return output.ToArray();
    }

    public static Task PutAsync(IAmazonS3 client, string bucket, string key, byte[] data) =>
        client.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = bucket,
                Key = key,
                InputStream = new MemoryStream(data),
                UseChunkEncoding = false,
            }
        );

    public static async Task<byte[]> GetAsync(IAmazonS3 client, string bucket, string key)
    {
        using var response = await client.GetObjectAsync(bucket, key);
        var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>Every key under <paramref name="prefix"/>, hidden ones included (what S3 really holds).</summary>
    public static async Task<List<string>> KeysAsync(IAmazonS3 client, string bucket, string prefix = "")
    {
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await client.ListObjectsV2Async(
                new ListObjectsV2Request
                {
                    BucketName = bucket,
                    Prefix = prefix,
                    ContinuationToken = token,
                }
            );
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (token is not null);
        return keys;
    }

    /// <summary>The lines of every object under <paramref name="prefix"/>.</summary>
    public static async Task<List<string>> LinesUnderAsync(IAmazonS3 client, string bucket, string prefix)
    {
        var lines = new List<string>();
        foreach (var key in await KeysAsync(client, bucket, prefix))
        {
            var text = Encoding.UTF8.GetString(await GetAsync(client, bucket, key));
            Assert.EndsWith("\n", text); // every object ends with a whole line
            lines.AddRange(text[..^1].Split('\n'));
        }
        return lines;
    }

    /// <summary>Reads <paramref name="splits"/> as the job does (SplitStream, then LineReader) and returns their lines.</summary>
    public static async Task<List<string>> ReadAsync(IEnumerable<InputSplit> splits)
    {
        var lines = new List<string>();
        foreach (var split in splits)
            lines.AddRange(await ReadSplitAsync(split, null));
        return lines;
    }

    /// <summary>The lines of one split, from its start or from a checkpointed offset.</summary>
    public static async Task<List<string>> ReadSplitAsync(InputSplit split, long? resumeOffset, List<long>? batchEnds = null)
    {
        var lines = new List<string>();
        await using var input = await SplitStream.OpenAsync(split, resumeOffset, CancellationToken.None);
        var reader = new LineReader(maxLineBytes: 1 << 20, batchBytes: 16 << 10, batchLines: 64);
        await foreach (var batch in reader.ReadAsync(input, split, 0, 0, CancellationToken.None))
        {
            using (batch)
            {
                foreach (var line in batch.Lines)
                    lines.Add(Encoding.UTF8.GetString(batch.Bytes(line).Span));
                batchEnds?.Add(batch.EndOffset);
            }
        }
        return lines;
    }

    /// <summary>Asserts that <paramref name="actual"/> holds each expected line exactly once, and nothing else.</summary>
    public static void AssertExactlyOnce(IReadOnlyCollection<string> expected, IReadOnlyCollection<string> actual)
    {
        var duplicates = actual.GroupBy(l => l).Where(g => g.Count() > 1).Select(g => g.Key).Take(3).ToList();
        Assert.True(duplicates.Count == 0, "lines read more than once: " + string.Join(" | ", duplicates));
        var missing = expected.Except(actual).Take(3).ToList();
        Assert.True(missing.Count == 0, $"{expected.Except(actual).Count()} lines missing, e.g. " + string.Join(" | ", missing));
        var extra = actual.Except(expected).Take(3).ToList();
        Assert.True(extra.Count == 0, "unexpected lines: " + string.Join(" | ", extra));
        Assert.Equal(expected.Count, actual.Count);
    }
}
