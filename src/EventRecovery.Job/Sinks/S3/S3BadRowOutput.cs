using Amazon.S3;
using S3Location = EventRecovery.Job.Aws.S3Location;

namespace EventRecovery.Job.Sinks.S3;

/// <summary>Failed or unrecoverable rows on S3, laid out as the original does: one folder per bad row schema under the prefix.</summary>
public static class S3BadRowOutput
{
    /// <summary>
    /// A <see cref="BadRowOutput"/> writing
    /// <c>&lt;prefix&gt;/com.snowplowanalytics.snowplow.badrows.recovery_error/part-&lt;runId&gt;-&lt;n&gt;.txt</c>
    /// (and a folder per other schema) through <see cref="S3PartSink"/>s.
    /// </summary>
    public static BadRowOutput Create(IAmazonS3 client, S3Location location, string runId, S3PartSinkOptions? options = null)
    {
        options ??= new S3PartSinkOptions();
        options.Validate(); // now rather than at the first row of a folder
        return new BadRowOutput(location.ToString(), folder => new S3PartSink(client, location.Child(folder), runId, options));
    }
}
