using NATS.Client.Core;

namespace Orders.EndToEnd.Tests.Security;

/// <summary>
/// NATS.Net reports a permission refusal as a <c>-ERR</c> through the connection's
/// <see cref="NatsConnection.ServerError"/> event, not as an exception of the call that caused it.
/// </summary>
internal static class ServerRefusals
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>The first <c>-ERR</c> the server sends on <paramref name="connection"/> from now on.</summary>
    public static TaskCompletionSource<NatsServerErrorEventArgs> FirstOn(NatsConnection connection)
    {
        var refused = new TaskCompletionSource<NatsServerErrorEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ServerError += (_, e) =>
        {
            refused.TrySetResult(e);
            return ValueTask.CompletedTask;
        };
        return refused;
    }
}
