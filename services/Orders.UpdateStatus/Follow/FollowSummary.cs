using Orders.Drivers;

namespace Orders.UpdateStatus.Follow;

/// <summary>What a follow session did.</summary>
/// <param name="Actions">Updates sent.</param>
/// <param name="Shipped">Applied Shipped updates.</param>
/// <param name="Delivered">Applied Delivered updates.</param>
/// <param name="Cancelled">Applied Cancelled updates.</param>
/// <param name="Rejected">Rejections by reason.</param>
/// <param name="NoOutcome">Updates without an outcome in time (or duplicates of earlier requests).</param>
/// <param name="Superseded">Planned updates dropped because the order changed before their turn.</param>
/// <param name="Seconds">Session length.</param>
/// <param name="Interrupted">Ended with Ctrl-C (the normal way to end it).</param>
internal sealed record FollowSummary(
    int Actions,
    int Shipped,
    int Delivered,
    int Cancelled,
    IReadOnlyDictionary<string, int> Rejected,
    int NoOutcome,
    int Superseded,
    double Seconds,
    bool Interrupted)
{
    /// <summary>Following is meant to be stopped with Ctrl-C, so that is success too; missing outcomes are not.</summary>
    public int ExitCode => NoOutcome > 0 ? ExitCodes.Failed : ExitCodes.Success;
}
