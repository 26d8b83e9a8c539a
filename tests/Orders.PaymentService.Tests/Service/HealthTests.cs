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

        // One answer alone can name a check that merely timed out on a starved machine (the
        // Postgres check allows 2 s); a check that is really down stays down in every answer.
        var status = HttpStatusCode.InternalServerError;
        await Eventually.WaitUntilAsync(
            async () =>
            {
                using var response = await http.GetAsync("/healthz");
                return (status = response.StatusCode) == HttpStatusCode.OK;
            },
            TimeSpan.FromSeconds(30),
            "healthz to answer 200");

        Assert.Equal(HttpStatusCode.OK, status);
    }
}
