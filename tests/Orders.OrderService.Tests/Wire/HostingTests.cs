using System.Net;
using Orders.OrderService.Tests.Support;
using Orders.Testing;

namespace Orders.OrderService.Tests.Wire;

/// <summary>What every service offers besides its messages.</summary>
[Collection(OrderServiceCollection.Name)]
public sealed class HostingTests(OrderServiceFixture fixture)
{
    [Fact]
    public async Task Healthz_BothInstancesConnectedToNatsAndPostgres_Returns200()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        HttpStatusCode[] statuses = [];

        // One answer alone can name a check that merely timed out on a starved machine (the
        // Postgres check allows 2 s); a check that is really down stays down in every answer.
        await Eventually.WaitUntilAsync(
            async () =>
            {
                statuses = await Task.WhenAll(fixture.InstanceUrls.Select(async url => (await http.GetAsync(url + "/healthz")).StatusCode));
                return statuses.All(s => s == HttpStatusCode.OK);
            },
            TimeSpan.FromSeconds(30),
            "both instances to answer 200");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], statuses);
    }
}
