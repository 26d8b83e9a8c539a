using Orders.Contracts;
using Orders.Messaging.Persistence;
using Orders.StatusService.Domain;
using Orders.StatusService.Projection;
using Orders.StatusService.Tests.Support;
using Orders.Testing;

namespace Orders.StatusService.Tests.Persistence;

/// <summary>
/// <see cref="OrderViewStore"/> against a real PostgreSQL: the version guard and the inbox decide
/// races between instances that made the same decision from the same state.
/// </summary>
[Collection(StatusServiceCollection.Name)]
public sealed class OrderViewStoreTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private readonly OrderEvents _order = new("o-store", T0);

    [Fact]
    public async Task SaveAsync_ThenLoadAsync_ReturnsTheViewWithItsHistory()
    {
        var store = await CreateStoreAsync("store_roundtrip");
        var created = Apply(null, _order.Created());
        var paid = Apply(created, _order.Paid());

        Assert.Equal(CommitResult.Committed, await store.SaveAsync(created, _order.Created().EventId, CancellationToken.None));
        Assert.Equal(CommitResult.Committed, await store.SaveAsync(paid, _order.Paid().EventId, CancellationToken.None));

        var loaded = await store.LoadAsync(_order.OrderId, CancellationToken.None);
        Assert.NotNull(loaded);
        Assert.Equal(paid with { History = [] }, loaded with { History = [] });
        Assert.Equal(paid.History, loaded.History);
    }

    [Fact]
    public async Task SaveAsync_NextVersionDecidedTwiceFromTheSameState_SecondLosesTheRace()
    {
        var store = await CreateStoreAsync("store_race");
        var created = Apply(null, _order.Created());
        await store.SaveAsync(created, _order.Created().EventId, CancellationToken.None);

        // Two instances, same stored version 1: one applies paid, the other a (hypothetical) cancellation as version 2.
        var paid = Apply(created, _order.Paid());
        var cancelled = Apply(created, _order.Cancelled(version: 2));
        Assert.Equal(CommitResult.Committed, await store.SaveAsync(paid, _order.Paid().EventId, CancellationToken.None));
        Assert.Equal(CommitResult.ConcurrencyConflict, await store.SaveAsync(cancelled, _order.Cancelled(version: 2).EventId, CancellationToken.None));

        Assert.Equal(OrderStatus.Paid, (await store.LoadAsync(_order.OrderId, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task SaveAsync_FirstVersionSavedTwice_SecondIsAConflictNotADuplicateRow()
    {
        var store = await CreateStoreAsync("store_first_race");
        var created = Apply(null, _order.Created());

        Assert.Equal(CommitResult.Committed, await store.SaveAsync(created, "created-via-one-delivery", CancellationToken.None));
        Assert.Equal(CommitResult.ConcurrencyConflict, await store.SaveAsync(created, "created-via-another", CancellationToken.None));
    }

    [Fact]
    public async Task SaveAsync_SameEventIdAgain_IsAlreadyProcessed()
    {
        var store = await CreateStoreAsync("store_inbox");
        var created = Apply(null, _order.Created());
        await store.SaveAsync(created, _order.Created().EventId, CancellationToken.None);
        var paid = Apply(created, _order.Paid());
        await store.SaveAsync(paid, _order.Paid().EventId, CancellationToken.None);

        Assert.Equal(CommitResult.AlreadyProcessed, await store.SaveAsync(paid, _order.Paid().EventId, CancellationToken.None));
    }

    [Fact]
    public async Task LoadAsync_UnknownOrder_ReturnsNull()
    {
        var store = await CreateStoreAsync("store_unknown");

        Assert.Null(await store.LoadAsync("o-nobody", CancellationToken.None));
    }

    private static OrderView Apply(OrderView? view, IOrderEvent evt) =>
        Assert.IsType<ProjectionResult.Applied>(StatusProjector.Apply(view, evt)).View;

    private async Task<OrderViewStore> CreateStoreAsync(string name) =>
        StatusDatabase.CreateStore(await StatusDatabase.CreateMigratedAsync(postgres, name));
}
