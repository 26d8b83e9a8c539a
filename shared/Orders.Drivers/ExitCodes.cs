namespace Orders.Drivers;

/// <summary>The process exit codes of both drivers (scripts and CI branch on them).</summary>
internal static class ExitCodes
{
    /// <summary>Everything asked for happened.</summary>
    public const int Success = 0;

    /// <summary>The run went through but the outcome is not what was asked: an update was rejected, publishes failed, orders did not finish in time.</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments, no server, missing stream or permission, no answer in time: fix the setup and run again.</summary>
    public const int Usage = 2;

    /// <summary>Stopped with Ctrl-C (128 + SIGINT, the shell convention).</summary>
    public const int Interrupted = 130;
}
