using Npgsql;
using Orders.Messaging.Hosting;

namespace Orders.Messaging.Tests.Hosting;

public sealed class PostgresOptionsTests
{
    [Fact]
    public void EffectiveConnectionString_NoGssModeGiven_DisablesGssEncryption()
    {
        var options = new PostgresOptions { ConnectionString = "Host=db;Database=orders_order;Username=order_service" };

        var effective = new NpgsqlConnectionStringBuilder(options.EffectiveConnectionString);

        Assert.Equal(GssEncryptionMode.Disable, effective.GssEncryptionMode);
        Assert.Equal(("db", "orders_order"), (effective.Host, effective.Database));
    }

    [Fact]
    public void EffectiveConnectionString_GssModeGiven_KeepsIt()
    {
        var options = new PostgresOptions { ConnectionString = "Host=db;GSS Encryption Mode=Require" };

        var effective = new NpgsqlConnectionStringBuilder(options.EffectiveConnectionString);

        Assert.Equal(GssEncryptionMode.Require, effective.GssEncryptionMode);
    }

    [Fact]
    public void EffectiveConnectionString_NoneConfigured_StaysEmpty()
    {
        Assert.Equal("", new PostgresOptions().EffectiveConnectionString);
    }
}
