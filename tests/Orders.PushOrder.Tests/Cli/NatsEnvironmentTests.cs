using System.Collections;
using Orders.Drivers;
using Orders.PushOrder.Tests.Support;
using Orders.Testing;

namespace Orders.PushOrder.Tests.Cli;

/// <summary>
/// How push-order (as the shell runs it) finds NATS in its environment: section <c>Nats</c>
/// (<c>ORDERS_Nats__Url</c>, <c>ORDERS_Nats__User</c>, <c>ORDERS_Nats__Password</c>) like every
/// other process, the deprecated <c>ORDERS_NATS_URL</c> / <c>ORDERS_NATS_USER</c> /
/// <c>ORDERS_NATS_PASSWORD</c> below them, and the command line above both.
/// </summary>
public sealed class NatsEnvironmentTests : UsersConfNatsTestBase
{
    [Fact]
    public void From_DeprecatedVariables_FillSectionNats()
    {
        var configuration = DriverConfiguration.From(new Hashtable
        {
            ["ORDERS_NATS_URL"] = "nats://old-name:4222",
            ["ORDERS_NATS_USER"] = "old-user",
            ["ORDERS_NATS_PASSWORD"] = "old-password",
        });

        var nats = DriverConfiguration.Nats(configuration);

        Assert.Equal(("nats://old-name:4222", "old-user", "old-password"), (nats.Url, nats.User, nats.Password));
    }

    [Fact]
    public async Task Process_DeprecatedUrlVariableOnly_ConnectsThere()
    {
        var deprecated = $"nats://127.0.0.1:{FreePort.Next()}";

        var result = await Support.Cli.RunProcessAsync(new Dictionary<string, string> { ["ORDERS_NATS_URL"] = deprecated }, "--count", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"cannot reach NATS at {deprecated}:", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Process_NewAndDeprecatedUrlVariables_NewNameWins()
    {
        var current = $"nats://127.0.0.1:{FreePort.Next()}";
        var environment = new Dictionary<string, string>
        {
            ["ORDERS_Nats__Url"] = current,
            ["ORDERS_NATS_URL"] = $"nats://127.0.0.1:{FreePort.Next()}",
        };

        var result = await Support.Cli.RunProcessAsync(environment, "--count", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"cannot reach NATS at {current}:", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Process_NatsOptionAndUrlVariable_CommandLineWins()
    {
        var commandLine = $"nats://127.0.0.1:{FreePort.Next()}";
        var environment = new Dictionary<string, string> { ["ORDERS_Nats__Url"] = $"nats://127.0.0.1:{FreePort.Next()}" };

        var result = await Support.Cli.RunProcessAsync(environment, "--count", "1", "--nats", commandLine);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"cannot reach NATS at {commandLine}:", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Process_DeprecatedPasswordVariableOnly_Authenticates()
    {
        var environment = new Dictionary<string, string>
        {
            ["ORDERS_Nats__Url"] = Server.Url,
            ["ORDERS_NATS_PASSWORD"] = UsersConfNats.PasswordOf(UsersConfNats.Driver),
        };

        var result = await Support.Cli.RunProcessAsync(environment, "--count", "1", "--prefix", "alias");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("published 1, acked 1", result.Out);
    }

    [Fact]
    public async Task Process_NewAndDeprecatedPasswordVariables_NewNameWins()
    {
        var environment = new Dictionary<string, string>
        {
            ["ORDERS_Nats__Url"] = Server.Url,
            ["ORDERS_Nats__Password"] = "wrong",
            ["ORDERS_NATS_PASSWORD"] = UsersConfNats.PasswordOf(UsersConfNats.Driver),
        };

        var result = await Support.Cli.RunProcessAsync(environment, "--count", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"push-order: NATS at {Server.Url} refused user 'driver' (", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Process_NewAndDeprecatedUserVariables_NewNameWins()
    {
        var environment = new Dictionary<string, string>
        {
            ["ORDERS_Nats__Url"] = Server.Url,
            ["ORDERS_Nats__User"] = UsersConfNats.Monitor,
            ["ORDERS_NATS_USER"] = UsersConfNats.Driver,
            ["ORDERS_Nats__Password"] = "wrong",
        };

        var result = await Support.Cli.RunProcessAsync(environment, "--count", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"push-order: NATS at {Server.Url} refused user 'monitor' (", Assert.Single(result.ErrorLines));
    }
}
