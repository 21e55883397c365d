using System.Buffers;
using EventRecovery.Core.Text;

namespace EventRecovery.Core.Tests.Text;

public class PooledBytesTests
{
    [Fact]
    public void Growing_keeps_every_byte_written_in_order()
    {
        var bytes = new PooledBytes(16);
        var expected = new List<byte>();
        for (var i = 0; i < 5000; i++)
        {
            if (i % 7 == 0)
            {
                var run = Enumerable.Range(0, i % 50).Select(k => (byte)(k + i)).ToArray();
                bytes.Append(run);
                expected.AddRange(run);
            }
            else
            {
                bytes.Append((byte)i);
                expected.Add((byte)i);
            }
        }
        Assert.Equal(expected.ToArray(), bytes.Written.ToArray());
        bytes.Dispose();
        Assert.Equal(0, bytes.Length);
    }

    [Fact]
    public void Free_space_counts_only_what_is_advanced()
    {
        var bytes = new PooledBytes(4);
        var free = bytes.Free(100);
        Assert.True(free.Length >= 100);
        "hello"u8.CopyTo(free);
        bytes.Advance(5);
        Assert.Equal("hello"u8.ToArray(), bytes.Written.ToArray());
        bytes.Dispose();
    }

    [Fact]
    public void A_default_instance_rents_on_first_write_and_disposes_without_one()
    {
        var unused = default(PooledBytes);
        unused.Dispose();
        var bytes = default(PooledBytes);
        bytes.Append((byte)'x');
        Assert.Equal("x"u8.ToArray(), bytes.Written.ToArray());
        bytes.Dispose();
    }

    [Fact]
    public void A_detached_buffer_belongs_to_the_caller()
    {
        var bytes = new PooledBytes(8);
        bytes.Append("abc"u8);
        var (buffer, length) = bytes.Detach();
        Assert.Equal("abc"u8.ToArray(), buffer.AsSpan(0, length).ToArray());
        bytes.Dispose(); // must not give the detached buffer back
        Assert.Equal(0, bytes.Length);
        Assert.Equal("abc"u8.ToArray(), buffer.AsSpan(0, length).ToArray());
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
