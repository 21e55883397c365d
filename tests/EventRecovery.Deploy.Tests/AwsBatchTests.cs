using System.Text.Json;
using EventRecovery.Job.Metrics;

namespace EventRecovery.Deploy.Tests;

/// <summary>deploy/aws-batch: a job definition and an array job submission, one child job per shard.</summary>
public class AwsBatchTests
{
    [Fact]
    public void Renders_a_job_definition_whose_command_the_program_parses_and_an_array_job_of_one_child_per_shard()
    {
        var values = SampleValues.Container("16");
        using var definition = JsonDocument.Parse(Templates.Render(Templates.Read("aws-batch/job-definition.json.tmpl"), values));
        using var submit = JsonDocument.Parse(Templates.Render(Templates.Read("aws-batch/submit-job.json.tmpl"), values));
        var d = definition.RootElement;
        Assert.Equal("container", d.GetProperty("type").GetString());
        var container = d.GetProperty("containerProperties");
        Assert.Equal(values["image"], container.GetProperty("image").GetString());
        Assert.Equal(values["role_arn"], container.GetProperty("jobRoleArn").GetString());
        Assert.Contains(d.GetProperty("retryStrategy").GetProperty("evaluateOnExit").EnumerateArray(), e =>
            e.TryGetProperty("onExitCode", out var code) && code.GetString() == "2" && e.GetProperty("action").GetString() == "EXIT"
        ); // usage errors are not retried

        var command = new CliCommand(container.GetProperty("command").EnumerateArray().Select(a => a.GetString()!).ToList());
        Assert.Equal("s3://acme-bad-rows/2024-05/", command.Input);
        Assert.Equal("kinesis://acme-raw", command.Output);
        Assert.Equal(SampleValues.Config, command.Config);
        Assert.StartsWith("s3://", command.CheckpointDir);
        Assert.Equal(16, command.Shards);

        var s = submit.RootElement;
        Assert.Equal(d.GetProperty("jobDefinitionName").GetString(), s.GetProperty("jobDefinition").GetString());
        Assert.Equal("recovery-queue", s.GetProperty("jobQueue").GetString());
        var size = s.GetProperty("arrayProperties").GetProperty("size");
        Assert.Equal(JsonValueKind.Number, size.ValueKind);
        Assert.Equal(command.Shards, size.GetInt32());
        for (var index = 0; index < 16; index++)
        {
            // AWS Batch sets AWS_BATCH_JOB_ARRAY_INDEX in each child of an array job.
            var environment = new Dictionary<string, string>
            {
                ["AWS_BATCH_JOB_ARRAY_INDEX"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            Assert.Equal((index, 16), command.ResolveShard(environment));
            var metrics = command.Metrics(environment);
            Assert.Equal(
                (MetricsExport.Emf, "tcp://172.17.0.1:25888", $"{index}/16"),
                (metrics.Export, metrics.Emf.ToString(), metrics.Shard)
            );
        }
    }
}
