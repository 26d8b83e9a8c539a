using Npgsql;
using Orders.Messaging.Pipeline;

namespace Orders.Testing.SystemUnderTest;

public sealed partial class OrdersSystem
{
    private static readonly TimeSpan QuietPollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Waits until the system has nothing left to do: every outbox has no unsent row and every
    /// service consumer has no message pending or awaiting its ack (nak'ed messages waiting for
    /// their redelivery count as awaiting). Seen twice in a row, so a message moving from an outbox
    /// to a stream between two reads cannot pass for quiet. Throws with the last observation after
    /// <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitForQuietAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        var quietInARow = 0;
        var last = "";
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var (quiet, observation) = await ObserveWorkLeftAsync(ct).ConfigureAwait(false);
            last = observation;
            quietInARow = quiet ? quietInARow + 1 : 0;
            if (quietInARow >= 2)
            {
                Report($"quiet: {observation}");
                return;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"The system did not become quiet within {timeout.TotalSeconds:0}s; last seen: {last}. Logs: {LogDirectory}");
            }

            await Task.Delay(QuietPollInterval, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Every instance's figures summed per service (all lifetimes of each instance), lost races included.</summary>
    public async Task<SystemFigures> CollectFiguresAsync(CancellationToken ct = default)
    {
        var perService = new Dictionary<string, PipelineStatsSnapshot>(StringComparer.Ordinal);
        foreach (var instance in _instances)
        {
            var figures = await instance.GetLifetimeFiguresAsync(ct).ConfigureAwait(false);
            perService[instance.Service.Name] = perService.TryGetValue(instance.Service.Name, out var sum) ? sum + figures : figures;
        }

        var conflicts = perService.Values.Sum(figures => figures.ConflictsRetried);
        return new SystemFigures(perService, conflicts, _instances.Sum(i => Math.Max(0, i.Starts - 1)));
    }

    /// <summary>Outbox rows not yet published, per service.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountUnsentOutboxAsync(CancellationToken ct = default)
    {
        var unsent = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var service in Options.Services)
        {
            await using var connection = new NpgsqlConnection(AdminConnectionString(service));
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM outbox WHERE sent_at IS NULL", connection);
            unsent[service.Name] = (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }

        return unsent;
    }

    private async Task<(bool Quiet, string Observation)> ObserveWorkLeftAsync(CancellationToken ct)
    {
        var parts = new List<string>();
        var quiet = true;

        var outboxBefore = await CountUnsentOutboxAsync(ct).ConfigureAwait(false);
        foreach (var (stream, readers) in ConsumedStreams)
        {
            var durables = await DurableConsumersAsync(stream, ct).ConfigureAwait(false);
            if (durables.Count < readers)
            {
                // A service's consumer that disappeared has work nobody sees: not quiet.
                quiet = false;
                parts.Add($"{stream} has {durables.Count} of {readers} durable consumers");
            }

            foreach (var info in durables)
            {
                var left = (long)info.NumPending + info.NumAckPending;
                quiet &= left == 0;
                parts.Add($"{stream}/{info.Name} pending {info.NumPending} ack-pending {info.NumAckPending}");
            }
        }

        var outboxAfter = await CountUnsentOutboxAsync(ct).ConfigureAwait(false);
        foreach (var (service, unsent) in outboxAfter)
        {
            quiet &= unsent == 0 && outboxBefore[service] == 0;
            parts.Add($"{service} outbox unsent {unsent}");
        }

        return (quiet, string.Join("; ", parts));
    }
}
