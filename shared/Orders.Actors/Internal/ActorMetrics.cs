using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orders.Actors.Internal;

/// <summary>
/// The runtime's System.Diagnostics.Metrics instruments (meter <c>Orders.Actors</c>), tagged with the
/// system and region names. Gauges are read on collection, so the hot path pays nothing for them.
/// </summary>
internal sealed class ActorMetrics : IDisposable
{
    public const string MeterName = "Orders.Actors";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly KeyValuePair<string, object?> _systemTag;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _activations;
    private readonly Counter<long> _passivations;

    public ActorMetrics(string systemName, IMeterFactory? meterFactory, Func<IEnumerable<EntityRegion>> regions)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _systemTag = new("actor.system", systemName);
        _deadLetters = _meter.CreateCounter<long>("orders.actors.dead_letters", "{message}", "Messages that could not be delivered.");
        _failures = _meter.CreateCounter<long>("orders.actors.failures", "{failure}", "Exceptions thrown by actor handlers and hooks.");
        _activations = _meter.CreateCounter<long>("orders.actors.entity.activations", "{entity}", "Entity incarnations created.");
        _passivations = _meter.CreateCounter<long>("orders.actors.entity.passivations", "{entity}", "Entities passivated (idle or evicted).");
        _meter.CreateObservableGauge(
            "orders.actors.entity.live",
            () => regions().Select(r => new Measurement<int>(r.LiveEntities, _systemTag, RegionTag(r))),
            "{entity}",
            "Entity actors alive per region.");
        _meter.CreateObservableGauge(
            "orders.actors.entity.mailbox_messages",
            () => regions().Select(r => new Measurement<long>(r.MailboxMessages, _systemTag, RegionTag(r))),
            "{message}",
            "Messages queued or being handled in a region's entities.");
    }

    public void RecordDeadLetter() => _deadLetters.Add(1, _systemTag);

    public void RecordFailure() => _failures.Add(1, _systemTag);

    public void RecordActivation(EntityRegion region) => _activations.Add(1, _systemTag, RegionTag(region));

    public void RecordPassivation(EntityRegion region) => _passivations.Add(1, _systemTag, RegionTag(region));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private static KeyValuePair<string, object?> RegionTag(EntityRegion region) => new("actor.region", region.Name);
}
