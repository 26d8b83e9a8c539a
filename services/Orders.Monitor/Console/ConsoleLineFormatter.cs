using System.Globalization;
using System.Text;
using Orders.Monitor.Watching;

namespace Orders.Monitor.Console;

/// <summary>
/// The console line of one <see cref="MonitorEvent"/>: a pure function, so the format is tested
/// directly. Columns: time (UTC), subject, order id, version, then the key fields; dead letters
/// add their reason and original subject, malformed payloads say what is wrong. With colour, the
/// line is wrapped in the ANSI colour of its kind and the time is dimmed.
/// </summary>
/// <example>
/// <c>08:00:00.123  orders.created              o-42          v1   total 39.98 USD, 2 items, customer c-7</c>
/// </example>
internal static class ConsoleLineFormatter
{
    private const int SubjectWidth = 26; // "deadletter.payment-service"
    private const int OrderIdWidth = 12;
    private const int VersionWidth = 4;

    private const string Reset = "\u001b[0m";
    private const string Dim = "\u001b[2m";

    public static string Format(MonitorEvent monitorEvent, bool colour)
    {
        ArgumentNullException.ThrowIfNull(monitorEvent);
        var line = new StringBuilder(160);
        var time = monitorEvent.Time.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
        if (colour)
        {
            line.Append(Dim).Append(time).Append(Reset).Append("  ").Append(ColourOf(monitorEvent));
        }
        else
        {
            line.Append(time).Append("  ");
        }

        line.Append(monitorEvent.Subject.PadRight(SubjectWidth)).Append("  ");
        line.Append((monitorEvent.OrderId ?? "-").PadRight(OrderIdWidth)).Append("  ");
        var version = monitorEvent.Version is { } v ? "v" + v.ToString(CultureInfo.InvariantCulture) : "-";
        line.Append(version.PadRight(VersionWidth)).Append("  ");

        if (monitorEvent.Kind == MonitorEventKind.DeadLetter)
        {
            line.Append("DEAD LETTER: ").Append(monitorEvent.DeadReason)
                .Append(" | original ").Append(monitorEvent.OriginalSubject ?? "(unknown)")
                .Append(" | ");
        }
        else if (monitorEvent.Problem is { } problem)
        {
            line.Append("MALFORMED: ").Append(problem).Append(" | payload ");
        }

        line.Append(monitorEvent.Details);
        if (colour)
        {
            line.Append(Reset);
        }

        return line.ToString();
    }

    /// <summary>
    /// One colour per kind (ANSI SGR). A malformed payload is always red, whatever its kind, so it
    /// stands out like a dead letter does.
    /// </summary>
    internal static string ColourOf(MonitorEvent monitorEvent) => monitorEvent switch
    {
        { Kind: MonitorEventKind.DeadLetter } => "\u001b[1;31m", // bold red
        { IsMalformed: true } => "\u001b[31m",                   // red
        { Kind: MonitorEventKind.Command } => "\u001b[36m",      // cyan
        { Kind: MonitorEventKind.OrderEvent } => "\u001b[32m",   // green
        { Kind: MonitorEventKind.PaymentEvent } => "\u001b[35m", // magenta
        { Kind: MonitorEventKind.Rejection } => "\u001b[33m",    // yellow
        _ => Reset,
    };
}
