using EventRecovery.Testing;

namespace EventRecovery.Job.Tests;

/// <summary>The S3 tests share one s3rver and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class S3Collection : ICollectionFixture<S3rverFixture>
{
    public const string Name = "s3rver";
}

/// <summary>The Kinesis tests share one kinesalite; each test uses streams of its own.</summary>
[CollectionDefinition(Name)]
public sealed class KinesaliteCollection : ICollectionFixture<Kinesalite>
{
    public const string Name = "kinesalite";
}
