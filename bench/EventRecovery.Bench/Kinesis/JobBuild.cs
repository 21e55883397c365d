using System.Reflection;
using System.Runtime.Loader;

namespace EventRecovery.Bench.Kinesis;

/// <summary>
/// The Kinesis sink of one build of the job, loaded from its build directory (<c>src/EventRecovery.Cli/bin/Release/
/// net10.0</c> of any commit) into its own <see cref="AssemblyLoadContext"/>, with the AWS SDK and everything else it
/// depends on from that directory. Only the sink's public API is used (<c>KinesisSinkOptions.FromUri</c> with
/// <c>Region</c> and <c>EndpointUrl</c>, <c>KinesisSink.Create</c>, and the record sink's methods), which has not
/// changed since the sink was written, so a build from before and one from after a change compare.
/// </summary>
internal sealed class JobBuild
{
    private readonly Type _optionsType;
    private readonly Type _sinkType;

    private JobBuild(string directory, Assembly job)
    {
        Directory = directory;
        _optionsType = FindType(job, "KinesisSinkOptions");
        _sinkType = FindType(job, "KinesisSink");
    }

    /// <summary>The build directory.</summary>
    public string Directory { get; }

    /// <summary>Loads <c>EventRecovery.Job.dll</c> of <paramref name="directory"/>.</summary>
    public static JobBuild Load(string directory)
    {
        var full = Path.GetFullPath(directory);
        var path = Path.Combine(full, "EventRecovery.Job.dll");
        if (!File.Exists(path))
            throw new Cli.UsageException(
                $"{full} has no EventRecovery.Job.dll: pass the build directory of the CLI (src/EventRecovery.Cli/bin/Release/net10.0)"
            );
        var context = new BuildLoadContext(full);
        return new JobBuild(full, context.LoadFromAssemblyPath(path));
    }

    /// <summary>A sink for <c>kinesis://STREAM</c> at <paramref name="endpoint"/>, as the CLI makes it for <c>--output</c>.</summary>
    public RecordSink CreateSink(string stream, Uri endpoint, string region)
    {
        var options = Call(_optionsType, "FromUri", null, $"kinesis://{stream}");
        // A record's `with` is a clone whose init-only properties are then set: the same, by reflection.
        options = Call(_optionsType, "<Clone>$", options);
        _optionsType.GetProperty("Region")!.SetValue(options, region);
        _optionsType.GetProperty("EndpointUrl")!.SetValue(options, endpoint.ToString());
        var sink = Call(_sinkType, "Create", null, options);
        return new RecordSink(sink, _sinkType);
    }

    private static object Call(Type type, string method, object? target, params object?[] args)
    {
        var info = type.GetMethod(method, BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
            ?? throw new MissingMethodException(type.FullName, method);
        try
        {
            return info.Invoke(target, args) ?? throw new InvalidOperationException($"{type.Name}.{method} returned null");
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private static Type FindType(Assembly job, string name) =>
        job.GetExportedTypes().SingleOrDefault(t => t.Name == name)
        ?? throw new InvalidOperationException($"{job.Location} has no public type {name}");

    /// <summary>Assemblies from the build directory first; the framework's from the default context.</summary>
    private sealed class BuildLoadContext(string directory) : AssemblyLoadContext($"job:{directory}")
    {
        protected override Assembly? Load(AssemblyName name)
        {
            var path = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}

/// <summary>
/// One sink of a loaded build, called through delegates bound to its methods (the types in their signatures belong
/// to the runtime, shared by every load context), so a write costs what it costs the CLI.
/// </summary>
internal sealed class RecordSink
{
    private readonly Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> _write;
    private readonly Func<CancellationToken, Task> _check,
        _flush,
        _complete;
    private readonly Func<ValueTask> _dispose;

    public RecordSink(object sink, Type type)
    {
        _write = Bind<Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask>>(sink, type, "WriteAsync");
        _check = Bind<Func<CancellationToken, Task>>(sink, type, "CheckWritableAsync");
        _flush = Bind<Func<CancellationToken, Task>>(sink, type, "FlushAsync");
        _complete = Bind<Func<CancellationToken, Task>>(sink, type, "CompleteAsync");
        _dispose = Bind<Func<ValueTask>>(sink, type, "DisposeAsync");
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken) => _write(record, cancellationToken);

    public Task CheckWritableAsync(CancellationToken cancellationToken) => _check(cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken) => _flush(cancellationToken);

    public Task CompleteAsync(CancellationToken cancellationToken) => _complete(cancellationToken);

    public ValueTask DisposeAsync() => _dispose();

    private static T Bind<T>(object target, Type type, string name)
        where T : Delegate =>
        (
            type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance) ?? throw new MissingMethodException(type.FullName, name)
        ).CreateDelegate<T>(target);
}
