using EventRecovery.Job.Aws;
using EventRecovery.Job.Checkpoints;
using EventRecovery.Job.Checkpoints.S3;
using EventRecovery.Job.Tests.S3;
using EventRecovery.Testing;

namespace EventRecovery.Job.Tests.Checkpoints;

[Collection(S3Collection.Name)]
public class S3CheckpointStoreTests(S3rverFixture s3)
{
    [Fact]
    public async Task Saves_loads_marks_complete_and_resets()
    {
        var bucket = await s3.NewBucketAsync("ckpt");
        var store = new S3CheckpointStore(s3.Client, S3Location.Parse($"s3://{bucket}/checkpoints/shard-0"));
        Assert.Equal($"s3://{bucket}/checkpoints/shard-0", store.Description);
        Assert.Null(await store.LoadAsync(CancellationToken.None));
        Assert.False(await store.IsCompleteAsync(CancellationToken.None));

        var state = new CheckpointState
        {
            Fingerprint = "abc",
            Splits = new()
            {
                ["s3://in/a.gz"] = new SplitCheckpoint(1234, 56, false),
                ["s3://in/b#0-10"] = new SplitCheckpoint(10, 2, true),
            },
            Updated = DateTimeOffset.UnixEpoch,
        };
        await store.SaveAsync(state, CancellationToken.None);
        await store.SaveAsync(state with { Fingerprint = "def" }, CancellationToken.None); // replaced, not appended
        var loaded = await store.LoadAsync(CancellationToken.None);
        Assert.NotNull(loaded);
        Assert.Equal("def", loaded.Fingerprint);
        Assert.Equal(state.Splits, loaded.Splits);
        Assert.Contains($"checkpoints/shard-0/checkpoint.json", await S3TestData.KeysAsync(s3.Client, bucket));

        await store.MarkCompleteAsync("{\"done\":true}", CancellationToken.None);
        Assert.True(await store.IsCompleteAsync(CancellationToken.None));
        Assert.Contains("checkpoints/shard-0/_COMPLETE", await S3TestData.KeysAsync(s3.Client, bucket));

        await store.ResetAsync(CancellationToken.None);
        Assert.Null(await store.LoadAsync(CancellationToken.None));
        Assert.False(await store.IsCompleteAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_checkpoint_that_is_not_one_is_a_checkpoint_error()
    {
        var bucket = await s3.NewBucketAsync("ckpt-bad");
        await S3TestData.PutAsync(s3.Client, bucket, "c/checkpoint.json", "not json"u8.ToArray());
        var store = new S3CheckpointStore(s3.Client, S3Location.Parse($"s3://{bucket}/c"));
        var e = await Assert.ThrowsAsync<CheckpointException>(() => store.LoadAsync(CancellationToken.None));
        Assert.Contains($"s3://{bucket}/c/checkpoint.json", e.Message);
    }
}
