using EventRecovery.Job.Aws;
using EventRecovery.Job.Checkpoints.Local;
using EventRecovery.Job.Checkpoints.S3;
using EventRecovery.Job.Pipeline;
using EventRecovery.Job.Sinks;
using EventRecovery.Job.Sinks.Files;
using EventRecovery.Job.Sinks.Kinesis;
using EventRecovery.Job.Sinks.S3;
using EventRecovery.Job.Sinks.Stdout;

namespace EventRecovery.Job.Tests.Pipeline;

public sealed class LocationRegistryTests : IDisposable
{
    private readonly AwsClients _aws = new("us-east-1", "http://127.0.0.1:1");
    private readonly string _dir = Directory.CreateTempSubdirectory("registry-").FullName;

    public void Dispose()
    {
        _aws.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("out/recovered", typeof(FileParts))]
    [InlineData("s3://bucket/prefix", typeof(S3Parts))]
    [InlineData("kinesis://raw-good", typeof(KinesisStreams))]
    [InlineData("-", typeof(StandardOutput))]
    public void Each_output_location_goes_to_the_sink_of_its_scheme(string location, Type kind) =>
        Assert.IsType(kind, LocationRegistry.Create(_aws).Sink("--output", location));

    [Fact]
    public void An_output_of_an_unknown_scheme_is_refused_naming_the_flag_and_the_kinds_there_are()
    {
        var e = Assert.Throws<RunPlanException>(() => LocationRegistry.Create(_aws).Sink("--output", "gs://bucket/x"));
        Assert.Equal("--output gs://bucket/x: expected a directory, s3://bucket/prefix, kinesis://STREAM or '-'", e.Message);
    }

    [Theory]
    [InlineData("kinesis://raw-good")]
    [InlineData("-")]
    public void Failed_rows_need_a_place_that_holds_part_files(string location)
    {
        var e = Assert.Throws<RunPlanException>(() => LocationRegistry.Create(_aws).Parts("--failed", location));
        Assert.StartsWith($"--failed {location}: failed and unrecoverable rows go to a directory or an s3:// prefix", e.Message);
    }

    [Fact]
    public void Checkpoint_stores_are_chosen_by_scheme()
    {
        var registry = LocationRegistry.Create(_aws);
        Assert.IsType<LocalCheckpointStore>(registry.Checkpoints(_dir, "shard-0-of-1"));
        Assert.IsType<S3CheckpointStore>(registry.Checkpoints("s3://bucket/checkpoints", "shard-0-of-1"));
        Assert.Throws<RunPlanException>(() => registry.Checkpoints("kinesis://x", "shard-0-of-1"));
    }

    [Fact]
    public async Task Inputs_of_an_unknown_scheme_are_refused_before_any_is_listed()
    {
        var e = await Assert.ThrowsAsync<RunPlanException>(() =>
            LocationRegistry.Create(_aws).ListInputsAsync([_dir, "gs://bucket/rows"], _ => { }, CancellationToken.None)
        );
        Assert.StartsWith("--input gs://bucket/rows: no input of this kind is known", e.Message);
    }

    [Fact]
    public async Task A_sink_with_counters_of_its_own_exposes_them_through_the_sink_interface()
    {
        var settings = new SinkSettings("run", 1 << 20, RetryDeadline: TimeSpan.FromSeconds(5));
        await using var kinesis = LocationRegistry.Create(_aws).Sink("--output", "kinesis://raw").OpenRecovered("kinesis://raw", settings);
        Assert.NotNull(kinesis.Instruments);
        await using var files = LocationRegistry.Create(_aws).Sink("--output", _dir).OpenRecovered(Path.Combine(_dir, "out"), settings);
        Assert.Null(files.Instruments);
    }

    [Fact]
    public void The_kinesis_record_limit_comes_from_the_sink_kind()
    {
        var registry = LocationRegistry.Create(_aws);
        Assert.Equal(KinesisLimits.MaxPayloadBytes, registry.Sink("--output", "kinesis://raw").MaxRecordBytes);
        Assert.Equal(int.MaxValue, registry.Sink("--output", _dir).MaxRecordBytes);
    }
}
