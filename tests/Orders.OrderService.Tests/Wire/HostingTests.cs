using System.Net;
using Orders.OrderService.Tests.Support;

namespace Orders.OrderService.Tests.Wire;

/// <summary>What every service offers besides its messages.</summary>
[Collection(OrderServiceCollection.Name)]
public sealed class HostingTests(OrderServiceFixture fixture)
{
    [Fact]
    public async Task Healthz_BothInstancesConnectedToNatsAndPostgres_Returns200()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var statuses = await Task.WhenAll(fixture.InstanceUrls.Select(async url => (await http.GetAsync(url + "/healthz")).StatusCode));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], statuses);
    }
}
