using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using EventRecovery.Job.Metrics;

namespace EventRecovery.Deploy.Tests;

/// <summary>
/// deploy/dataflow-runner: the EMR cluster config and playbook take exactly the seed's variables, render into the
/// JSON dataflow-runner reads, and their streaming step runs one map task per shard whose mapper runs a command line
/// the program parses.
/// </summary>
public class DataflowRunnerTests
{
    private static JsonElement Rendered(string template) =>
        JsonDocument.Parse(Templates.Render(Templates.Read(template), SampleValues.DataflowRunner())).RootElement.Clone();

    [Fact]
    public void The_templates_take_exactly_the_seed_variables()
    {
        var used = Templates.Variables(Templates.Read("dataflow-runner/cluster.json.tmpl"));
        used.UnionWith(Templates.Variables(Templates.Read("dataflow-runner/playbook.json.tmpl")));
        Assert.Equal(Templates.SeedVariables.Order(StringComparer.Ordinal), used);
    }

    [Fact]
    public void The_cluster_config_renders_into_a_cluster_that_bootstraps_every_node()
    {
        var cluster = Rendered("dataflow-runner/cluster.json.tmpl");
        Assert.Equal("iglu:com.snowplowanalytics.dataflowrunner/ClusterConfig/avro/1-1-0", cluster.GetProperty("schema").GetString());
        var data = cluster.GetProperty("data");
        Assert.Equal("eu-west-1", data.GetProperty("region").GetString());
        Assert.Equal("s3://acme-recovery/logs/", data.GetProperty("logUri").GetString());
        Assert.Equal("EMR_EC2_DefaultRole", data.GetProperty("roles").GetProperty("jobflow").GetString());
        var ec2 = data.GetProperty("ec2");
        Assert.Equal("ops-key", ec2.GetProperty("keyName").GetString());
        Assert.Equal("subnet-0a1b2c3d", ec2.GetProperty("location").GetProperty("vpc").GetProperty("subnetId").GetString());
        Assert.True(ec2.GetProperty("instances").GetProperty("core").GetProperty("count").GetInt32() >= 1, "core nodes run the map tasks");
        Assert.Contains(data.GetProperty("tags").EnumerateArray(), t =>
            t.GetProperty("key").GetString() == "client" && t.GetProperty("value").GetString() == "acme"
        );
        Assert.Contains("Hadoop", data.GetProperty("applications").EnumerateArray().Select(a => a.GetString()));

        var bootstrap = Assert.Single(data.GetProperty("bootstrapActionConfigs").EnumerateArray()).GetProperty("scriptBootstrapAction");
        Assert.Equal("s3://acme-recovery/event-recovery/0.1.0/bootstrap.sh", bootstrap.GetProperty("path").GetString());
        Assert.Equal(
            ["s3://acme-recovery/event-recovery/0.1.0", "eu-west-1"],
            bootstrap.GetProperty("args").EnumerateArray().Select(a => a.GetString()!)
        );
        var mapred = data.GetProperty("configurations")
            .EnumerateArray()
            .Single(c => c.GetProperty("classification").GetString() == "mapred-site");
        Assert.Equal("false", mapred.GetProperty("properties").GetProperty("mapreduce.map.speculative").GetString()); // never two attempts of one shard at once
    }

    [Fact]
    public async Task The_playbook_runs_one_map_task_per_shard_whose_command_the_program_parses()
    {
        var playbook = Rendered("dataflow-runner/playbook.json.tmpl");
        Assert.Equal("iglu:com.snowplowanalytics.dataflowrunner/PlaybookConfig/avro/1-0-1", playbook.GetProperty("schema").GetString());
        var data = playbook.GetProperty("data");
        Assert.Equal("eu-west-1", data.GetProperty("region").GetString());
        var steps = data.GetProperty("steps").EnumerateArray().ToList();
        Assert.All(steps, s => Assert.Equal("command-runner.jar", s.GetProperty("jar").GetString()));

        // Step 1 writes the shard list, one line per shard.
        var list = string.Join(' ', steps[0].GetProperty("arguments").EnumerateArray().Select(a => a.GetString()));
        var seq = Regex.Match(list, @"seq 0 (\d+) > (\S+) .*hdfs dfs -put -f \2 (\S+)$");
        Assert.True(seq.Success, list);
        var shardCount = int.Parse(seq.Groups[1].Value) + 1;
        var listPath = seq.Groups[3].Value;

        // Step 2: Hadoop streaming, map only, one line (shard) per map task, no speculative duplicates.
        var args = steps[1].GetProperty("arguments").EnumerateArray().Select(a => a.GetString()!).ToList();
        Assert.Equal("hadoop-streaming", args[0]);
        string Option(string name) => args[args.IndexOf(name) + 1];
        var defines = args.Select((a, i) => (a, i)).Where(p => p.a == "-D").Select(p => args[p.i + 1]).ToList();
        Assert.Contains("mapreduce.input.lineinputformat.linespermap=1", defines);
        Assert.Contains("mapreduce.map.speculative=false", defines);
        Assert.Equal("org.apache.hadoop.mapred.lib.NLineInputFormat", Option("-inputformat"));
        Assert.Equal(listPath, Option("-input"));
        Assert.Equal("0", Option("-numReduceTasks"));
        var generic = args.FindLastIndex(a => a == "-D");
        Assert.True(generic < args.IndexOf("-inputformat"), "generic -D options come before the streaming options");

        var mapper = Templates.SplitCommandLine(Option("-mapper"));
        Assert.Equal("/usr/local/bin/event-recovery-mapper", mapper[0]);
        var command = new CliCommand(mapper[1..]);
        Assert.Equal("s3://acme-recovery/bad-rows/2024-05/", command.Input);
        Assert.Equal("kinesis://acme-raw", command.Output);
        Assert.Equal("s3://acme-recovery/failed", command.Failed);
        Assert.Equal("s3://acme-recovery/unrecoverable", command.Unrecoverable);
        Assert.Equal(SampleValues.Config, command.Config);
        Assert.Equal(SampleValues.Resolver, command.Resolver);
        Assert.Equal("eu-west-1", command.Region);
        Assert.Equal("s3://acme-recovery/checkpoints", command.CheckpointDir);
        Assert.Equal(60, command.CheckpointInterval);
        Assert.Equal(shardCount, command.Shards);

        // What each map task really runs: the mapper turns its line of the shard list into --shard I/N.
        for (var index = 0; index < shardCount; index++)
        {
            var ran = new CliCommand(await Mapper.RunAsync(mapper[1..], $"{index * 2}\t{index}\n"));
            Assert.Null(ran.Shards);
            Assert.Equal($"{index}/{shardCount}", ran.Shard);
            Assert.Equal((index, shardCount), ran.ResolveShard([]));
            var metrics = ran.Metrics([]);
            Assert.Equal(MetricsExport.Emf, metrics.Export);
            Assert.Equal("udp://127.0.0.1:25888", metrics.Emf.ToString()); // the agent installed by bootstrap.sh on every node
            Assert.Equal("recovery-acme", metrics.JobName);
            Assert.Equal($"{index}/{shardCount}", metrics.Shard);
            var expected = command.Args.ToList();
            expected.RemoveRange(expected.IndexOf("--shards"), 2);
            Assert.Equal([.. expected, "--shard", $"{index}/{shardCount}"], ran.Args);
        }
    }

    [Fact]
    public void The_scripts_are_valid_bash_and_agree_on_the_layout_in_s3()
    {
        foreach (var script in new[] { "bootstrap.sh", "event-recovery-mapper", "upload.sh" })
        {
            using var bash = Process.Start(
                new ProcessStartInfo("bash", ["-n", Templates.PathOf("dataflow-runner/" + script)]) { RedirectStandardError = true }
            )!;
            bash.WaitForExit();
            Assert.True(bash.ExitCode == 0, script + ": " + bash.StandardError.ReadToEnd());
        }
        var bootstrap = Templates.Read("dataflow-runner/bootstrap.sh");
        var upload = Templates.Read("dataflow-runner/upload.sh");
        Assert.Contains("\"$prefix/$rid/event-recovery\"", bootstrap);
        Assert.Contains("\"$prefix/$rid/event-recovery\"", upload);
        Assert.Contains("\"$prefix/event-recovery-mapper\"", bootstrap);
        Assert.Contains("\"$prefix/event-recovery-mapper\"", upload);
        Assert.Contains("prefix=\"s3://$bucket/event-recovery/$version\"", upload);
        Assert.Contains("\"emf\": {}", bootstrap);
        Assert.Contains("/usr/local/bin/event-recovery-mapper", bootstrap);
    }

    [Theory]
    [InlineData("", "expected a shard index on standard input")]
    [InlineData("x\n", "expected a shard index on standard input")]
    [InlineData("0\n1\n", "more than one shard for this map task")]
    public async Task The_mapper_refuses_a_task_without_exactly_one_shard(string stdin, string message)
    {
        var (exit, _, stderr, _) = await Mapper.RunRawAsync(["run", "--shards", "2"], stdin);
        Assert.Equal(2, exit);
        Assert.Contains(message, stderr);
    }
}
