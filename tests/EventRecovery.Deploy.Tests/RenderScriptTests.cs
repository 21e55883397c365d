using System.Diagnostics;

namespace EventRecovery.Deploy.Tests;

/// <summary>deploy/render.sh fills templates exactly as the tests (and dataflow-runner) do, and refuses gaps.</summary>
public class RenderScriptTests
{
    private static (int Exit, string Stdout, string Stderr) Render(string template, IEnumerable<string> pairs)
    {
        var start = new ProcessStartInfo("bash", [Templates.PathOf("render.sh"), Templates.PathOf(template), .. pairs])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }

    public static TheoryData<string> All =>
        new()
        {
            "dataflow-runner/cluster.json.tmpl",
            "dataflow-runner/playbook.json.tmpl",
            "kubernetes/indexed-job.yaml.tmpl",
            "aws-batch/job-definition.json.tmpl",
            "aws-batch/submit-job.json.tmpl",
        };

    [Theory]
    [MemberData(nameof(All))]
    public void Renders_like_the_tests(string template)
    {
        var values = template.StartsWith("dataflow-runner", StringComparison.Ordinal)
            ? SampleValues.DataflowRunner()
            : SampleValues.Container("4");
        var text = Templates.Read(template);
        var used = Templates.Variables(text);
        var (exit, stdout, stderr) = Render(template, values.Where(v => used.Contains(v.Key)).Select(v => $"{v.Key}={v.Value}"));
        Assert.True(exit == 0, stderr);
        Assert.Equal(Templates.Render(text, values), stdout);
    }

    [Fact]
    public void A_missing_or_unknown_variable_is_an_error()
    {
        var (exit, _, stderr) = Render("aws-batch/submit-job.json.tmpl", ["job_name=j", "shards=2"]);
        Assert.Equal(2, exit);
        Assert.Contains("no value for {{ .job_queue }}", stderr);
        (exit, _, stderr) = Render("aws-batch/submit-job.json.tmpl", ["job_name=j", "shards=2", "job_queue=q", "bucket=b"]);
        Assert.Equal(2, exit);
        Assert.Contains("has no variable 'bucket'", stderr);
    }

    [Fact]
    public void Values_are_inserted_literally()
    {
        var (exit, stdout, stderr) = Render("aws-batch/submit-job.json.tmpl", ["job_name=a&b\\c/d", "shards=2", "job_queue=$HOME"]);
        Assert.True(exit == 0, stderr);
        Assert.Contains("\"jobName\": \"a&b\\c/d\"", stdout);
        Assert.Contains("\"jobQueue\": \"$HOME\"", stdout);
    }
}
