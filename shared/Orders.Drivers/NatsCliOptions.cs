using System.CommandLine;

namespace Orders.Drivers;

/// <summary>
/// The options every driver shares: <c>--nats</c>, <c>--user</c>, <c>--password</c>, <c>--json</c>.
/// Environment defaults are resolved when binding, not in the options' default values, so
/// <c>--help</c> never prints a password.
/// </summary>
internal sealed class NatsCliOptions
{
    private NatsCliOptions()
    {
    }

    public Option<string?> Url { get; } = new("--nats")
    {
        Description = $"NATS server URL [default: ${NatsSettings.UrlVariable} or {NatsSettings.DefaultUrl}]",
        HelpName = "url",
    };

    public Option<string> User { get; } = new("--user")
    {
        Description = "NATS user",
        DefaultValueFactory = _ => NatsSettings.DefaultUser,
    };

    public Option<string?> Password { get; } = new("--password")
    {
        Description = $"NATS password [default: ${NatsSettings.PasswordVariable}; none for a server without users]",
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

    public NatsSettings Bind(ParseResult parse) => new(
        NonEmpty(parse.GetValue(Url)) ?? NonEmpty(Environment.GetEnvironmentVariable(NatsSettings.UrlVariable)) ?? NatsSettings.DefaultUrl,
        NonEmpty(parse.GetValue(User)) ?? NatsSettings.DefaultUser,
        NonEmpty(parse.GetValue(Password)) ?? NonEmpty(Environment.GetEnvironmentVariable(NatsSettings.PasswordVariable)));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
