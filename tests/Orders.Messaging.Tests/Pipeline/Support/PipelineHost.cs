using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orders.Messaging.Entities;
using Orders.Configuration;
using Orders.Messaging.Hosting;
using Orders.Messaging.Pipeline;
using Orders.Messaging.Provisioning;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Orders.Messaging.Tests.Pipeline.Support;

/// <summary>
/// One "instance" of a test service: a generic host with its own NATS connection, an Akka.NET actor
/// system with a <see cref="ScriptedActor"/> region, and consumers registered the way services do
/// (<see cref="ConsumerServiceCollectionExtensions.AddJetStreamConsumer{TActor}"/> after the actor system).
/// </summary>
public sealed class PipelineHost : IAsyncDisposable
{
    public const string ServiceName = "test-service";

    private PipelineHost(IHost host) => Host = host;

    public IHost Host { get; }

    public PipelineStats Stats => Host.Services.GetRequiredService<PipelineStats>();

    public ConsumerBindings Bindings => Host.Services.GetRequiredService<ConsumerBindings>();

    /// <summary>
    /// The commands consumer of the test service, with short nak delays so redelivery tests are quick.
    /// The ask timeout and ack wait are long on purpose: messages held by a test, or queued behind
    /// others for the same actor on a starved machine, must not be retried or redelivered by a timer
    /// (tests of the ask timeout set their own).
    /// </summary>
    public static ConsumerDefinition CommandsConsumer { get; } =
        new("COMMANDS", ServiceName, "commands.>")
        {
            MaxDeliver = 3,
            AckWait = TimeSpan.FromSeconds(60),
            AskTimeout = TimeSpan.FromSeconds(30),
            NakBackoff = new NakBackoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)),
            GapDelay = TimeSpan.FromMilliseconds(50),
            MaxInFlight = 64,
        };

    /// <summary>The orders-events consumer of the test service.</summary>
    public static ConsumerDefinition OrdersConsumer { get; } =
        CommandsConsumer with { Stream = "ORDERS", FilterSubject = "orders.>" };

    public static async Task<PipelineHost> StartAsync(string natsUrl, ActorScript script, string instance, params ConsumerDefinition[] consumers)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var services = builder.Services;
        services.AddSingleton(script);
        services.AddSingleton(new ServiceIdentity(ServiceName, instance));
        services.AddSingleton<INatsConnection>(new NatsConnection(new NatsOpts { Url = natsUrl, Name = $"{ServiceName}-{instance}" }));
        services.AddSingleton<INatsJSContext>(sp => new NatsJSContext(sp.GetRequiredService<INatsConnection>()));
        services.AddSingleton(new StreamsOptions { ReadyTimeout = TestJetStream.ReadyTimeout });
        services.AddEntityActors(ServiceName, actors => actors.WithEntityRegion<ScriptedActor>("orders"));
        foreach (var consumer in consumers)
        {
            services.AddJetStreamConsumer<ScriptedActor>(consumer);
        }

        var host = builder.Build();
        await host.StartAsync();
        return new PipelineHost(host);
    }

    /// <summary>Graceful stop, as on SIGTERM.</summary>
    public Task StopAsync() => Host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        if (Host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            Host.Dispose();
        }
    }
}
