using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orders.Actors.Entities;
using Orders.Actors.Hosting;

namespace Orders.Actors.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task AddActorSystem_WithEntityRegion_InjectsRegionAndCreatesEntitiesThroughDi()
    {
        using var host = BuildHost();
        await host.StartAsync();

        var region = host.Services.GetRequiredService<IEntityRegion<GreeterEntity>>();
        var greeting = await region.AskAsync<string>("ada", "greet").Within();
        await host.StopAsync();

        Assert.Equal("Hello, ada", greeting);
    }

    [Fact]
    public async Task HostStop_MessagesQueued_DrainsBeforeStopping()
    {
        using var host = BuildHost();
        await host.StartAsync();
        var region = host.Services.GetRequiredService<IEntityRegion<GreeterEntity>>();
        var counter = host.Services.GetRequiredService<GreetingCounter>();
        for (var i = 0; i < 200; i++)
        {
            region.Tell($"user-{i % 10}", "greet");
        }

        await host.StopAsync().Within();

        Assert.Equal(200, counter.Count);
        Assert.True(host.Services.GetRequiredService<ActorSystem>().IsShuttingDown);
    }

    private static IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<GreetingCounter>();
        builder.Services.AddScoped<Greeting>();
        builder.Services.AddActorSystem("orders", system => system
            .WithOptions(o => o with { ShutdownDrainTimeout = TimeSpan.FromSeconds(5) })
            .WithEntityRegion<GreeterEntity>("greeters", o => o with { PassivateAfter = TimeSpan.FromSeconds(30), MaxLiveEntities = 1_000 }));
        return builder.Build();
    }

    internal sealed class GreetingCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Increment() => Interlocked.Increment(ref _count);
    }

    internal sealed class Greeting(GreetingCounter counter)
    {
        public string For(string name)
        {
            counter.Increment();
            return $"Hello, {name}";
        }
    }

    internal sealed class GreeterEntity(Greeting greeting) : EntityActor
    {
        protected override async ValueTask ReceiveAsync(object message)
        {
            await Task.Yield();
            Reply(greeting.For(EntityId));
        }
    }
}
