namespace EventRecovery.Job.Sinks;

/// <summary>
/// A hidden file in the folders event-recovery writes that are never bad rows (recovered payloads, checkpoints).
/// Input listings skip the files of a folder holding it (not its sub-folders): a second guard, after the check that no output lies inside
/// an input,
/// against a run reading its own output. Failed and unrecoverable rows carry no marker: they are bad rows, and
/// feeding them back in is how a recovery is iterated.
/// </summary>
public static class OutputMarker
{
    /// <summary>The marker's file name.</summary>
    public const string FileName = ".event-recovery-output";

    /// <summary>Recovered payloads (base64 Thrift), in <c>--output</c>.</summary>
    public const string Recovered = "recovered payloads (base64 Thrift CollectorPayload), not bad rows";

    /// <summary>A checkpoint, in <c>--checkpoint-dir</c>.</summary>
    public const string Checkpoint = "a checkpoint of event-recovery, not bad rows";

    /// <summary>Writes the marker into <paramref name="directory"/> (which exists) unless it is there already.</summary>
    public static void Write(string directory, string holds)
    {
        var path = Path.Combine(directory, FileName);
        // The first line says what the folder holds (read back for messages), the second why the file is there.
        if (!File.Exists(path))
            File.WriteAllText(path, $"{holds}\nwritten by event-recovery: runs do not read the files of this folder as input\n");
    }

    /// <summary>What <paramref name="directory"/> holds when it is marked; <c>null</c> when it is not.</summary>
    public static string? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        try
        {
            return File.Exists(path) ? File.ReadLines(path).FirstOrDefault() ?? "event-recovery's output" : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "event-recovery's output";
        }
    }
}
