using Amazon.S3;
using EventRecovery.Job.Pipeline;

namespace EventRecovery.Job.Aws;

/// <summary>
/// The AWS clients of one run, shared by every location that needs them and created only when one does (a run on
/// local files never builds one, nor needs credentials).
/// </summary>
/// <param name="Region">The <c>--region</c>, or null for the SDK's own resolution.</param>
/// <param name="EndpointUrl">The <c>--endpoint-url</c>, or null.</param>
public sealed class AwsClients(string? Region, string? EndpointUrl) : IDisposable
{
    private IAmazonS3? _s3;

    /// <summary>The <c>--region</c> given, or null.</summary>
    public string? Region { get; } = Region;

    /// <summary>The <c>--endpoint-url</c> given, or null.</summary>
    public string? EndpointUrl { get; } = EndpointUrl;

    /// <summary>The S3 client, created on first use; a malformed endpoint or region is a <see cref="RunPlanException"/>.</summary>
    public IAmazonS3 S3
    {
        get
        {
            if (_s3 is not null)
                return _s3;
            try
            {
                return _s3 = S3ClientFactory.Create(Region, EndpointUrl);
            }
            catch (FormatException e)
            {
                throw new RunPlanException(e.Message);
            }
        }
    }

    /// <summary>Parses an <c>s3://</c> location, naming <paramref name="flag"/> when it is malformed.</summary>
    public static S3Location ParseS3(string flag, string value)
    {
        try
        {
            return S3Location.Parse(value);
        }
        catch (FormatException e)
        {
            throw new RunPlanException($"{flag} {value}: {e.Message}");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _s3?.Dispose();
}
