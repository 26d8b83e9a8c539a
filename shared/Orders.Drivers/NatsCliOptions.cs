using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Orders.Configuration;

namespace Orders.Drivers;

/// <summary>
/// The options every driver shares: <c>--nats</c>, <c>--user</c>, <c>--password</c>, <c>--json</c>.
/// Each falls back on configuration section <c>Nats</c> (<see cref="DriverConfiguration"/>), resolved
/// when binding, not in the options' default values, so <c>--help</c> never prints a password.
/// </summary>
internal sealed class NatsCliOptions
{
    private NatsCliOptions()
    {
    }

    public Option<string?> Url { get; } = new("--nats")
    {
        Description = $"NATS server URL [default: $ORDERS_Nats__Url or {NatsOptions.DefaultUrl}]",
        HelpName = "url",
    };

    public Option<string?> User { get; } = new("--user")
    {
        Description = $"NATS user [default: $ORDERS_Nats__User or {DriverNats.DefaultUser}]",
        HelpName = "user",
    };

    public Option<string?> Password { get; } = new("--password")
    {
        Description = "NATS password [default: $ORDERS_Nats__Password; none for a server without users]",
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the result as JSON (progress, if any, goes to stderr)",
    };

    /// <summary>Creates the options and adds them to <paramref name="command"/>.</summary>
    public static NatsCliOptions AddTo(Command command)
    {
        var options = new NatsCliOptions();
        command.Options.Add(options.Url);
        command.Options.Add(options.User);
        command.Options.Add(options.Password);
        command.Options.Add(options.Json);
        return options;
    }

    /// <summary>The command line over this process's configuration (<see cref="DriverConfiguration.FromEnvironment"/>).</summary>
    public NatsOptions Bind(ParseResult parse) => Bind(parse, DriverConfiguration.FromEnvironment());

    /// <summary>The command line over <paramref name="configuration"/>, then the defaults.</summary>
    public NatsOptions Bind(ParseResult parse, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var configured = DriverConfiguration.Nats(configuration);
        return configured with
        {
            Url = NonEmpty(parse.GetValue(Url)) ?? NonEmpty(configured.Url) ?? NatsOptions.DefaultUrl,
            User = NonEmpty(parse.GetValue(User)) ?? NonEmpty(configured.User) ?? DriverNats.DefaultUser,
            Password = NonEmpty(parse.GetValue(Password)) ?? NonEmpty(configured.Password),
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
