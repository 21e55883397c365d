using System.IO.Compression;
using System.Text;
using Amazon.S3.Model;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Thrift;
using EventRecovery.Testing;

namespace EventRecovery.Cli.Tests.Aws;

/// <summary>
/// A real S3 API (s3rver) and a real Kinesis API (kinesalite) on loopback, shared by the process-level AWS tests,
/// with what a child process of the program needs to reach them: the standard AWS variables, per service.
/// </summary>
public sealed class AwsServers : IAsyncLifetime
{
    public S3rverFixture S3 { get; } = new();
    public Kinesalite Kinesis { get; } = new();

    public async Task InitializeAsync()
    {
        await S3.InitializeAsync();
        await Kinesis.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Kinesis.DisposeAsync();
        await S3.DisposeAsync();
    }

    /// <summary>Environment for the program: credentials s3rver accepts, and each service's endpoint by its own variable.</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "S3RVER",
            ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
            ["AWS_REGION"] = Kinesalite.Region,
            ["AWS_ENDPOINT_URL_S3"] = S3.Endpoint.ToString(),
            ["AWS_ENDPOINT_URL_KINESIS"] = Kinesis.Url.ToString(),
            // A generic endpoint that must lose to the per-service ones.
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9",
        };

    /// <summary>Writes lines as an object; gzip-compressed when the key ends with .gz.</summary>
    public async Task PutLinesAsync(string bucket, string key, IEnumerable<string> lines)
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
        if (key.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var compressed = new MemoryStream();
            await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
                await gzip.WriteAsync(bytes);
            bytes = compressed.ToArray();
        }
        await S3.Client.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = bucket,
                Key = key,
                InputStream = new MemoryStream(bytes),
                UseChunkEncoding = false,
            }
        );
    }

    /// <summary>Every line of every finished object under a prefix (hidden objects excluded).</summary>
    public async Task<List<string>> LinesUnderAsync(string bucket, string prefix)
    {
        var lines = new List<string>();
        string? token = null;
        do
        {
            var page = await S3.Client.ListObjectsV2Async(
                new ListObjectsV2Request
                {
                    BucketName = bucket,
                    Prefix = prefix,
                    ContinuationToken = token,
                }
            );
            foreach (var o in page.S3Objects ?? [])
            {
                if (o.Key.Split('/').Any(part => part.StartsWith('.')))
                    continue;
                var text = await TextOfAsync(bucket, o.Key) ?? throw new InvalidOperationException($"{o.Key} was listed but is gone");
                Assert.True(text.Length == 0 || text.EndsWith('\n'), $"{o.Key} does not end with a complete line");
                lines.AddRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (token is not null);
        return lines;
    }

    /// <summary>The text of an object, or null when there is none (yet).</summary>
    public async Task<string?> TextOfAsync(string bucket, string key)
    {
        try
        {
            using var response = await S3.Client.GetObjectAsync(bucket, key);
            using var reader = new StreamReader(response.ResponseStream);
            return await reader.ReadToEndAsync();
        }
        catch (Amazon.S3.AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The recovered payloads in a stream, decoded.</summary>
    public async Task<List<CollectorPayload>> RecoveredInAsync(string stream) =>
        (await new KinesisTestReader(Kinesis.Client()).ReadAllAsync(stream)).Select(r => CollectorPayloadThrift.Decode(r.Data)).ToList();

    /// <summary>Creates a stream with <paramref name="shards"/> shards.</summary>
    public Task CreateStreamAsync(string stream, int shards = 2) =>
        new KinesisTestReader(Kinesis.Client()).CreateStreamAsync(stream, shards);
}

[CollectionDefinition(Name)]
public sealed class AwsCollection : ICollectionFixture<AwsServers>
{
    public const string Name = "aws servers";
}
