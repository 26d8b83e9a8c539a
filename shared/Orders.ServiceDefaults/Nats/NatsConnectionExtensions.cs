using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Extensions.Microsoft.DependencyInjection;
using Orders.Configuration;
using Orders.ServiceDefaults.Nats.Internal;

namespace Orders.ServiceDefaults.Nats;

/// <summary>The NATS.Net connection of an Orders host, from configuration section <c>Nats</c>.</summary>
public static class NatsConnectionExtensions
{
    /// <summary>
    /// Binds <see cref="NatsOptions"/> to section <c>Nats</c> and registers NATS.Net's
    /// <see cref="INatsConnection"/> (named <see cref="ServiceIdentity.ConnectionName"/>, replies
    /// under <c>_INBOX.&lt;service&gt;</c> unless <see cref="NatsOptions.InboxPrefix"/> says otherwise) and
    /// an <see cref="INatsJSContext"/>, connected at start (not fatal when NATS is not up yet) and
    /// flushed at stop. A permission violation the server reports is logged and kept for the
    /// <c>nats</c> health check (<see cref="AddOrdersNatsCheck"/>).
    /// </summary>
    public static IHostApplicationBuilder AddOrdersNatsConnection(this IHostApplicationBuilder builder, ServiceIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(identity);
        var services = builder.Services;
        services.AddOptions<NatsOptions>().Bind(builder.Configuration.GetSection(NatsOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<NatsConnectionHealth>();
        services.AddNatsClient(nats => nats.ConfigureOptions(opts => opts.Configure<IServiceProvider>((natsOpts, sp) =>
            natsOpts.Opts = ConnectionOptions(natsOpts.Opts, sp.GetRequiredService<IOptions<NatsOptions>>().Value, identity, sp.GetRequiredService<ILoggerFactory>())))
            .ConfigureConnection((sp, connection) => sp.GetRequiredService<NatsConnectionHealth>().Watch(connection)));
        services.AddSingleton<INatsJSContext>(sp => new NatsJSContext(sp.GetRequiredService<INatsConnection>()));

        // The first hosted service of the host: it stops last, after everything that publishes or acks.
        services.AddHostedService<NatsConnectionLifetime>();
        return builder;
    }

    /// <summary>The <c>nats</c> health check: unhealthy while the connection is not open, degraded for a while after a permission violation.</summary>
    public static IHealthChecksBuilder AddOrdersNatsCheck(this IHealthChecksBuilder health)
    {
        ArgumentNullException.ThrowIfNull(health);
        return health.AddCheck<NatsHealthCheck>("nats");
    }

    /// <summary>
    /// <paramref name="defaults"/> (what AddNatsClient filled in: the serializer registry...) with
    /// the configured server and credentials, the connection name and the inbox prefix users.conf allows.
    /// </summary>
    public static NatsOpts ConnectionOptions(NatsOpts defaults, NatsOptions options, ServiceIdentity identity, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(identity);
        return defaults with
        {
            Url = options.Url,
            Name = identity.ConnectionName,
            AuthOpts = defaults.AuthOpts with { Username = options.User, Password = options.Password },
            InboxPrefix = options.InboxPrefix ?? $"_INBOX.{identity.Name}",
            LoggerFactory = loggerFactory ?? defaults.LoggerFactory,
        };
    }
}
