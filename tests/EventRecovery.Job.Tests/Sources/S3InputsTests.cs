using EventRecovery.Job.Aws;
using EventRecovery.Job.Sources;
using EventRecovery.Job.Sources.S3;
using EventRecovery.Job.Tests.S3;
using EventRecovery.Testing;

namespace EventRecovery.Job.Tests.Sources;

[Collection(S3Collection.Name)]
public class S3InputsTests(S3rverFixture s3)
{
    [Fact]
    public async Task Lists_every_object_across_pages_sorted_without_markers_or_hidden_keys()
    {
        var bucket = await s3.NewBucketAsync("list");
        var expected = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            var key = $"in/{(i % 3 == 0 ? "sub/" : "")}obj-{i:D2}.txt";
            expected.Add(key);
            await S3TestData.PutAsync(s3.Client, bucket, key, S3TestData.Text([$"x{i}"]));
        }
        foreach (
            var ignored in (string[])
                ["in/.hidden", "in/.tmp/x.txt", "in/sub/.part.inprogress", "in/dir/", "in/old_$folder$", "other/y.txt", "in-sibling/z.txt"]
        )
            await S3TestData.PutAsync(s3.Client, bucket, ignored, S3TestData.Text(["nope"]));

        await using var proxy = new FaultProxy(s3.Endpoint, _ => Fault.None);
        using var client = S3rverFixture.ClientFor(proxy.Endpoint);
        var splits = await S3Inputs.ListAsync(client, S3Location.Parse($"s3://{bucket}/in/"), new S3InputOptions { PageSize = 5 });

        Assert.Equal(expected.Order(StringComparer.Ordinal), splits.Select(s => s.Key));
        Assert.All(splits, s => Assert.Equal($"s3://{bucket}/{s.Key}", s.Name));
        Assert.Equal("x10\n".Length, splits.Single(s => s.Key.EndsWith("obj-10.txt")).ObjectLength);
        // 30 keys under in/ at 5 per page: several continuation requests were needed.
        Assert.True(proxy.Log.Count(e => e.Request.Method == "GET" && e.Request.HasQuery("list-type")) >= 6);
    }

    [Fact]
    public async Task A_location_naming_one_object_reads_that_object()
    {
        var bucket = await s3.NewBucketAsync("single");
        await S3TestData.PutAsync(s3.Client, bucket, "data/file.json", S3TestData.Text(["a", "b"]));
        var splits = await S3Inputs.ListAsync(s3.Client, S3Location.Parse($"s3://{bucket}/data/file.json"));
        var split = Assert.Single(splits);
        Assert.Equal("data/file.json", split.Key);
        Assert.Equal(4, split.ObjectLength);
    }

    [Fact]
    public async Task An_empty_prefix_or_a_missing_bucket_is_an_input_error()
    {
        var bucket = await s3.NewBucketAsync("empty");
        var empty = await Assert.ThrowsAsync<InputException>(() =>
            S3Inputs.ListAsync(s3.Client, S3Location.Parse($"s3://{bucket}/nothing"))
        );
        Assert.Contains($"s3://{bucket}/nothing", empty.Message);
        Assert.Contains("no object", empty.Message);

        var missing = await Assert.ThrowsAsync<InputException>(() =>
            S3Inputs.ListAsync(s3.Client, S3Location.Parse("s3://no-such-bucket-here/x"))
        );
        Assert.Contains("no-such-bucket-here", missing.Message);
        Assert.Contains("NoSuchBucket", missing.Message);
    }

    [Theory]
    [InlineData("p/a.txt", "p/", true)]
    [InlineData("p/.a.txt", "p/", false)]
    [InlineData("p/x/.y/a.txt", "p/", false)]
    [InlineData(".p/a.txt", ".p/", true)] // the user named a hidden folder: only what is below it counts
    [InlineData("p/x/", "p/", false)]
    [InlineData("p/x_$folder$", "p/", false)]
    public void Data_keys_exclude_markers_and_hidden_segments(string key, string prefix, bool data) =>
        Assert.Equal(data, S3Inputs.IsData(key, prefix));
}
