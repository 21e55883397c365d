using System.Text;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Recovery;
using EventRecovery.Job.Reporting;
using EventRecovery.Testing;

namespace EventRecovery.Job.Tests.Reporting;

public sealed class FailureGroupsTests
{
    private static readonly RecoveryOutcome NotJson = new Recoverer(
        ConfigLoader.Load(File.ReadAllText(Path.Combine(Loopback.RepositoryRoot(), "examples", "config.json")))
    ).Recover(Encoding.UTF8.GetBytes("not a bad row"));

    [Fact]
    public void The_examples_are_the_first_rows_of_the_inputs_whatever_order_the_workers_finished_in()
    {
        var groups = new FailureGroups();
        // Batches come back in any order: later lines, and a later input, before the first ones.
        (string, long)[] seen = [("b.jsonl", 1), ("a.jsonl", 900), ("a.jsonl", 12), ("a.jsonl", 7), ("a.jsonl", 3), ("a.jsonl", 40)];
        foreach (var (input, line) in seen)
            groups.Add(NotJson, input, line);

        var group = Assert.Single(groups.Top(10));
        Assert.Equal(6, group.Count);
        Assert.Equal(["a.jsonl:3", "a.jsonl:7", "a.jsonl:12"], group.Examples);
    }

    [Fact]
    public void Fewer_rows_than_examples_are_all_named_in_order()
    {
        var groups = new FailureGroups();
        groups.Add(NotJson, "b.jsonl", 2);
        groups.Add(NotJson, "a.jsonl", 10);
        Assert.Equal(["a.jsonl:10", "b.jsonl:2"], Assert.Single(groups.Top(10)).Examples);
    }
}
