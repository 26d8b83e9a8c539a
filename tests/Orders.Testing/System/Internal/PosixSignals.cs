using System.Runtime.InteropServices;

namespace Orders.Testing.SystemUnderTest.Internal;

/// <summary><c>kill(2)</c>: .NET's Process only sends SIGKILL, and a graceful stop needs SIGTERM.</summary>
internal static class PosixSignals
{
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to the process <paramref name="pid"/>; false when it is gone.</summary>
    public static bool Send(int pid, int signal)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            throw new PlatformNotSupportedException("Stopping a service instance gracefully needs POSIX signals.");
        }

        return Kill(pid, signal) == 0;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
