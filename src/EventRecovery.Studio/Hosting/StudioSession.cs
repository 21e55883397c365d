using EventRecovery.Core.Configuration;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Verification;
using EventRecovery.Job.Iglu;
using EventRecovery.Studio.Configs;
using EventRecovery.Studio.Runs;
using EventRecovery.Studio.Samples;

namespace EventRecovery.Studio.Hosting;

/// <summary>
/// What the studio works on: the sample read at start, the configuration file, the runs of the sample, and (with a
/// resolver) verification against Iglu. Nothing here reads any file but the configuration file.
/// </summary>
public sealed class StudioSession : IDisposable
{
    /// <summary>Creates the session; <see cref="Start"/> makes the first run.</summary>
    /// <param name="sample">The lines to recover, read by the caller from the inputs.</param>
    /// <param name="config">The configuration file (read once here; written only by a save).</param>
    /// <param name="options">The recoverer's options, as <c>run</c> would use them.</param>
    /// <param name="check">Verification of recovered payloads (report mode), or null without a resolver.</param>
    /// <param name="resolver">The resolver behind <paramref name="check"/>, for suggestions; null without one.</param>
    public StudioSession(
        Sample sample,
        ConfigFile config,
        RecoveryOptions options,
        RecoveredEventCheck? check = null,
        IgluResolver? resolver = null
    )
    {
        Sample = sample;
        Config = config;
        Options = options;
        Resolver = resolver;
        Verifies = check is not null;
        Runner = new SampleRunner(sample, options, check);
    }

    /// <summary>The lines every run recovers.</summary>
    public Sample Sample { get; }

    /// <summary>The configuration file.</summary>
    public ConfigFile Config { get; }

    /// <summary>The recoverer's options.</summary>
    public RecoveryOptions Options { get; }

    /// <summary>Runs of the sample.</summary>
    public SampleRunner Runner { get; }

    /// <summary>Where schemas come from, for suggestions; null without a resolver.</summary>
    public IgluResolver? Resolver { get; }

    /// <summary>Whether recovered payloads are verified against Iglu.</summary>
    public bool Verifies { get; }

    /// <summary>Validates a configuration's text as <c>validate</c> does, with the run's options.</summary>
    public ConfigValidation Validate(string text) => ConfigLoader.Validate(text, Options);

    /// <summary>Starts the first run with the file's configuration; false when it is invalid (the page shows why).</summary>
    public bool Start()
    {
        var text = Config.Text;
        var validation = Validate(text);
        return validation.Config is not null && Runner.TryStart(text, validation.Config, out _);
    }

    /// <summary>Stops a run under way.</summary>
    public void Dispose() => Runner.Dispose();
}
