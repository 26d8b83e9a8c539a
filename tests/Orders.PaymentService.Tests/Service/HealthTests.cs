using System.Net;
using Orders.PaymentService.Tests.Support;
using Orders.Testing;

namespace Orders.PaymentService.Tests.Service;

[Collection(PaymentServiceCollection.Name)]
public sealed class HealthTests(NatsServerFixture nats, PostgresFixture postgres)
{
    [Fact]
    public async Task Healthz_ConnectedToNatsAndPostgres_Returns200()
    {
        await using var bed = await PaymentTestBed.StartAsync(nats, postgres);
        var address = bed.Instances[0].Urls.First(); // the port bound for --urls=http://127.0.0.1:0
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        using var response = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
