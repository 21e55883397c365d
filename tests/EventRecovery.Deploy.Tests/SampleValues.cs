using System.Text;

namespace EventRecovery.Deploy.Tests;

/// <summary>Values the templates are rendered with, as an operator would give them.</summary>
internal static class SampleValues
{
    /// <summary>The bundled example config and a standard Iglu resolver, base64 as the seed's --vars pass them.</summary>
    public static readonly string Config = Convert.ToBase64String(
        File.ReadAllBytes(Path.Combine(Templates.Repo, "examples", "config.json"))
    );

    public static readonly string Resolver = Convert.ToBase64String(
        Encoding.UTF8.GetBytes(
            """
            {"schema":"iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-1","data":{"cacheSize":500,"repositories":[{"name":"Iglu Central","priority":0,"vendorPrefixes":["com.snowplowanalytics"],"connection":{"http":{"uri":"http://iglucentral.com"}}}]}}
            """
        )
    );

    /// <summary>dataflow-runner --vars: exactly the seed's variables.</summary>
    public static Dictionary<string, string> DataflowRunner() =>
        new()
        {
            ["bucket"] = "acme-recovery",
            ["region"] = "eu-west-1",
            ["subnet"] = "subnet-0a1b2c3d",
            ["role"] = "EMR_EC2_DefaultRole",
            ["keypair"] = "ops-key",
            ["client"] = "acme",
            ["version"] = "0.1.0",
            ["config"] = Config,
            ["resolver"] = Resolver,
            ["output"] = "acme-raw",
            ["inputdir"] = "/bad-rows/2024-05/",
            ["interval"] = "60",
        };

    /// <summary>Kubernetes and AWS Batch variables.</summary>
    public static Dictionary<string, string> Container(string shards) =>
        new()
        {
            ["namespace"] = "recovery",
            ["job_name"] = "recovery-acme",
            ["job_queue"] = "recovery-queue",
            ["image"] = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/event-recovery:0.1.0",
            ["role_arn"] = "arn:aws:iam::123456789012:role/event-recovery",
            ["region"] = "eu-west-1",
            ["input"] = "s3://acme-bad-rows/2024-05/",
            ["output"] = "kinesis://acme-raw",
            ["failed"] = "s3://acme-recovery/failed/",
            ["unrecoverable"] = "s3://acme-recovery/unrecoverable/",
            ["config"] = Config,
            ["resolver"] = Resolver,
            ["shards"] = shards,
            ["checkpoint_dir"] = "s3://acme-recovery/checkpoints/2024-05/",
            ["metrics_endpoint"] = "tcp://172.17.0.1:25888",
            ["arch"] = "arm64",
        };
}
