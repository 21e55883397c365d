using System.Net.Sockets;
using System.Text;
using Amazon.S3.Model;
using EventRecovery.Testing;

namespace EventRecovery.Job.Tests.S3;

/// <summary>
/// The crash tests rely on the test server behaving like S3 where a writer dies mid-upload: a PUT whose body was
/// cut short must leave no object. Stock s3rver kept the truncated body under the final key; the fixture's launcher
/// corrects that, and this guards the correction.
/// </summary>
[Collection(S3Collection.Name)]
public class S3ServerAtomicityTests(S3rverFixture s3)
{
    [Fact]
    public async Task A_put_cut_short_by_a_dropped_connection_leaves_no_object()
    {
        var bucket = await s3.NewBucketAsync("atomic");
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(s3.Endpoint.Host, s3.Endpoint.Port);
            var stream = tcp.GetStream();
            // Anonymous requests are accepted by s3rver; 40 of the 100 announced bytes, then the connection drops.
            var head = $"PUT /{bucket}/cut.txt HTTP/1.1\r\nHost: {s3.Endpoint.Authority}\r\nContent-Length: 100\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head + new string('a', 40)));
            await stream.FlushAsync();
            await Task.Delay(300);
        }
        await Task.Delay(500); // let the server notice the reset

        await s3.Client.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = bucket,
                Key = "whole.txt",
                ContentBody = "complete\n",
                UseChunkEncoding = false,
            }
        );
        var listing = await s3.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Equal(["whole.txt"], (listing.S3Objects ?? []).Select(o => o.Key));
    }
}
