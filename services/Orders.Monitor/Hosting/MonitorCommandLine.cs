namespace Orders.Monitor.Hosting;

/// <summary>
/// The monitor's own switches, split from the arguments the ASP.NET Core host understands
/// (<c>--urls</c>, <c>--Nats:Url=...</c>, ...).
/// </summary>
/// <param name="Replay"><c>--replay</c>: start every consumer at the beginning of its stream.</param>
/// <param name="NoConsole"><c>--no-console</c>: no console line per message (dashboard only).</param>
/// <param name="HostArguments">Everything else, for <c>WebApplication.CreateBuilder</c>.</param>
internal sealed record MonitorCommandLine(bool Replay, bool NoConsole, string[] HostArguments)
{
    public const string ReplaySwitch = "--replay";
    public const string NoConsoleSwitch = "--no-console";

    public static MonitorCommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var replay = false;
        var noConsole = false;
        var rest = new List<string>(args.Count);
        foreach (var arg in args)
        {
            switch (arg)
            {
                case ReplaySwitch:
                    replay = true;
                    break;
                case NoConsoleSwitch:
                    noConsole = true;
                    break;
                default:
                    rest.Add(arg);
                    break;
            }
        }

        return new MonitorCommandLine(replay, noConsole, [.. rest]);
    }
}
