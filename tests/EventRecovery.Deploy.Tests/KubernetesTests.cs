using System.Text.Json;
using EventRecovery.Job.Metrics;

namespace EventRecovery.Deploy.Tests;

/// <summary>deploy/kubernetes: an Indexed Job, one pod per shard, whose container command the program parses.</summary>
public class KubernetesTests
{
    private const string Template = "kubernetes/indexed-job.yaml.tmpl";

    [Fact]
    public void Renders_a_service_account_an_agent_config_and_an_indexed_job_of_one_pod_per_shard()
    {
        var values = SampleValues.Container("8");
        var used = Templates.Variables(Templates.Read(Template));
        Assert.Equal(
            new SortedSet<string>(
                [
                    "namespace",
                    "job_name",
                    "image",
                    "role_arn",
                    "region",
                    "input",
                    "output",
                    "failed",
                    "unrecoverable",
                    "config",
                    "resolver",
                    "shards",
                    "checkpoint_dir",
                    "arch",
                ],
                StringComparer.Ordinal
            ),
            used
        );
        var documents = Yaml.Documents(Templates.Render(Templates.Read(Template), values));
        var byKind = documents.ToDictionary(d => d.Text("kind"));
        Assert.Equal(["ConfigMap", "Job", "ServiceAccount"], byKind.Keys.Order(StringComparer.Ordinal));
        Assert.All(documents, d => Assert.Equal("recovery", d.Text("metadata", "namespace")));

        var account = byKind["ServiceAccount"];
        Assert.Equal(
            "arn:aws:iam::123456789012:role/event-recovery",
            account.Text("metadata", "annotations", "eks.amazonaws.com/role-arn")
        );

        var job = byKind["Job"];
        Assert.Equal("batch/v1", job.Text("apiVersion"));
        Assert.Equal("Indexed", job.Text("spec", "completionMode"));
        Assert.Equal(8, job.Int("spec", "completions"));
        Assert.Equal(8, job.Int("spec", "parallelism"));
        var pod = job.At("spec", "template", "spec");
        Assert.Equal(account.Text("metadata", "name"), pod.Text("serviceAccountName"));
        Assert.Equal("Never", pod.Text("restartPolicy"));
        // Pods go to nodes of the image's architecture (Graviton nodes with arm64).
        Assert.Equal("arm64", pod.Text("nodeSelector", "kubernetes.io/arch"));

        // The CloudWatch agent: a native sidecar (an init container that keeps running) configured for EMF.
        var agent = Assert.Single(pod.Items("initContainers"));
        Assert.Equal("Always", agent.Text("restartPolicy"));
        var configRef = Assert.Single(agent.Items("env")).At("valueFrom", "configMapKeyRef");
        Assert.Equal(byKind["ConfigMap"].Text("metadata", "name"), configRef.Text("name"));
        using var agentConfig = JsonDocument.Parse(byKind["ConfigMap"].Text("data", configRef.Text("key")));
        Assert.Equal(
            JsonValueKind.Object,
            agentConfig.RootElement.GetProperty("logs").GetProperty("metrics_collected").GetProperty("emf").ValueKind
        );

        var container = Assert.Single(pod.Items("containers"));
        Assert.Equal(values["image"], container.Text("image"));
        var command = new CliCommand(
            container.Items("args").Select(a => ((YamlDotNet.RepresentationModel.YamlScalarNode)a).Value!).ToList()
        );
        Assert.Equal("s3://acme-bad-rows/2024-05/", command.Input);
        Assert.Equal("kinesis://acme-raw", command.Output);
        Assert.Equal("s3://acme-recovery/failed/", command.Failed);
        Assert.Equal("s3://acme-recovery/unrecoverable/", command.Unrecoverable);
        Assert.Equal(SampleValues.Config, command.Config);
        Assert.Equal(SampleValues.Resolver, command.Resolver);
        Assert.Equal("eu-west-1", command.Region);
        Assert.StartsWith("s3://", command.CheckpointDir);
        Assert.Equal(8, command.Shards);
        Assert.Null(command.Shard);
        for (var index = 0; index < 8; index++)
        {
            // Kubernetes sets JOB_COMPLETION_INDEX in each pod of an Indexed Job.
            var environment = new Dictionary<string, string>
            {
                ["JOB_COMPLETION_INDEX"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            Assert.Equal((index, 8), command.ResolveShard(environment));
            var metrics = command.Metrics(environment);
            Assert.Equal(
                (MetricsExport.Emf, "tcp://127.0.0.1:25888", "recovery-acme", $"{index}/8"),
                (metrics.Export, metrics.Emf.ToString(), metrics.JobName, metrics.Shard)
            );
        }
    }
}
