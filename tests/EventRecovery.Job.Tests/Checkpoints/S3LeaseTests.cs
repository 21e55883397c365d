using EventRecovery.Job.Aws;
using EventRecovery.Job.Checkpoints;
using EventRecovery.Job.Checkpoints.S3;
using EventRecovery.Job.Tests.S3;
using EventRecovery.Testing;
using PutObjectRequest = Amazon.S3.Model.PutObjectRequest;

namespace EventRecovery.Job.Tests.Checkpoints;

/// <summary>
/// One run at a time on an S3 checkpoint location: a lease object created with a conditional put. A second run is
/// refused naming the holder; a lapsed lease (a killed run) is taken over; a released one is free again.
/// </summary>
[Collection(S3Collection.Name)]
public class S3LeaseTests(S3rverFixture s3)
{
    private static LockHolder Holder(string runId) => new("host-" + runId, 4242, DateTimeOffset.UtcNow, runId);

    [Fact]
    public async Task A_second_run_is_refused_naming_the_holder_until_the_first_releases_the_lease()
    {
        var bucket = await s3.NewBucketAsync("lease");
        var location = S3Location.Parse($"s3://{bucket}/checkpoints/shard-0-of-1");
        var first = new S3CheckpointStore(s3.Client, location);
        var second = new S3CheckpointStore(s3.Client, location);

        var held = await first.LockAsync(Holder("run-a"), CancellationToken.None);
        var refused = await Assert.ThrowsAsync<CheckpointLockedException>(() => second.LockAsync(Holder("run-b"), CancellationToken.None));
        Assert.Contains("in use by another run (run run-a on host host-run-a, pid 4242", refused.Message);
        Assert.Contains("its lease expires", refused.Message);

        await held.DisposeAsync();
        await using var taken = await second.LockAsync(Holder("run-b"), CancellationToken.None);
        Assert.Contains("checkpoints/shard-0-of-1/lease.json", await S3TestData.KeysAsync(s3.Client, bucket));
    }

    [Fact]
    public async Task The_lapsed_lease_of_a_killed_run_is_taken_over_and_its_holder_then_cannot_commit()
    {
        var bucket = await s3.NewBucketAsync("lease");
        var location = S3Location.Parse($"s3://{bucket}/checkpoints/shard-0-of-1");
        // What a killed run leaves: a lease nobody renews, past its expiry.
        var lapsed = Holder("killed") with { Expires = DateTimeOffset.UtcNow.AddMinutes(-1) };
        await s3.Client.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = bucket,
                Key = "checkpoints/shard-0-of-1/lease.json",
                ContentBody = lapsed.ToJson(),
                UseChunkEncoding = false,
            }
        );

        var store = new S3CheckpointStore(s3.Client, location);
        await using var held = await store.LockAsync(Holder("successor"), CancellationToken.None);

        var text = await (await s3.Client.GetObjectAsync(bucket, "checkpoints/shard-0-of-1/lease.json")).ResponseStream.ReadAllTextAsync();
        Assert.Equal("successor", LockHolder.TryParse(text)!.RunId);
    }

    [Fact]
    public async Task The_lease_of_a_dead_process_on_this_machine_is_taken_over_at_once()
    {
        var bucket = await s3.NewBucketAsync("lease");
        using var gone = System.Diagnostics.Process.Start("true")!;
        await gone.WaitForExitAsync();
        var dead = new LockHolder(Environment.MachineName, gone.Id, DateTimeOffset.UtcNow.AddSeconds(-1), "killed")
        {
            Expires = DateTimeOffset.UtcNow.AddMinutes(5),
        };
        await s3.Client.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = bucket,
                Key = "ck/lease.json",
                ContentBody = dead.ToJson(),
                UseChunkEncoding = false,
            }
        );
        var live = new LockHolder(Environment.MachineName, Environment.ProcessId, DateTimeOffset.UtcNow.AddSeconds(-1), "alive")
        {
            Expires = DateTimeOffset.UtcNow.AddMinutes(5),
        };
        await s3.Client.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = bucket,
                Key = "ck2/lease.json",
                ContentBody = live.ToJson(),
                UseChunkEncoding = false,
            }
        );

        await using var taken = await new S3CheckpointStore(s3.Client, S3Location.Parse($"s3://{bucket}/ck")).LockAsync(
            Holder("successor"),
            CancellationToken.None
        );
        // A live process of this machine keeps its lease.
        await Assert.ThrowsAsync<CheckpointLockedException>(() =>
            new S3CheckpointStore(s3.Client, S3Location.Parse($"s3://{bucket}/ck2")).LockAsync(Holder("intruder"), CancellationToken.None)
        );
    }

    [Fact]
    public async Task A_lease_that_has_not_lapsed_is_not_taken_over()
    {
        var bucket = await s3.NewBucketAsync("lease");
        var live = Holder("alive") with { Expires = DateTimeOffset.UtcNow.AddMinutes(5) };
        await s3.Client.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = bucket,
                Key = "ck/lease.json",
                ContentBody = live.ToJson(),
                UseChunkEncoding = false,
            }
        );

        var store = new S3CheckpointStore(s3.Client, S3Location.Parse($"s3://{bucket}/ck"));

        var refused = await Assert.ThrowsAsync<CheckpointLockedException>(() =>
            store.LockAsync(Holder("intruder"), CancellationToken.None)
        );
        Assert.Contains("run alive on host host-alive", refused.Message);
    }
}

internal static class StreamText
{
    public static async Task<string> ReadAllTextAsync(this Stream stream)
    {
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
