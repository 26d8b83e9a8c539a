using Orders.PushOrder.Tests.Support;
using Orders.Testing;

namespace Orders.PushOrder.Tests.Cli;

/// <summary>push-order under infra/nats/users.conf: the driver user may do what it needs; anything else is one line, exit 2.</summary>
public sealed class PermissionTests : UsersConfNatsTestBase
{
    [Fact]
    public async Task Invoke_DriverUserWithWait_PublishesAndWatchesWithoutPermissionErrors()
    {
        var result = await Support.Cli.RunAsync(
            "--count", "3", "--wait", "--wait-timeout", "500ms", "--prefix", "perm", "--nats", Server.Url, "--user", UsersConfNats.Driver, "--password", UsersConfNats.PasswordOf(UsersConfNats.Driver));

        // Exit 1, not 2: publishing and the ORDERS watch were allowed; only nobody answers.
        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.ErrorLines);
        Assert.Contains("published 3, acked 3, stream duplicates 0, failed 0", result.Out);
        Assert.Contains("outcomes of 3 new orders: paid 0, payment-failed 0, 3 still outstanding at the wait timeout", result.Out);
    }

    [Fact]
    public async Task Invoke_WrongPassword_ExitsTwoSayingTheUserWasRefused()
    {
        var result = await Support.Cli.RunAsync("--count", "1", "--nats", Server.Url, "--user", UsersConfNats.Driver, "--password", "wrong");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"push-order: NATS at {Server.Url} refused user 'driver' (", line);
        Assert.EndsWith(") — check --user and --password (default $ORDERS_Nats__Password)", line);
    }

    [Fact]
    public async Task Invoke_UserNotAllowedToPublishCommands_ExitsTwoNamingTheSubject()
    {
        var result = await Support.Cli.RunAsync("--count", "1", "--nats", Server.Url, "--user", UsersConfNats.Monitor, "--password", UsersConfNats.PasswordOf(UsersConfNats.Monitor));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [$"push-order: user 'monitor' is not allowed to use 'commands.submit-order' at {Server.Url} (permissions violation) — connect as the driver user (--user driver)"],
            result.ErrorLines);
    }
}
