using System.Net;
using Orders.StatusService.Tests.Support;
using Orders.Testing;

namespace Orders.StatusService.Tests.Queries;

/// <summary><c>GET /healthz</c>: 200 while NATS and PostgreSQL answer, 503 when NATS is gone.</summary>
[Collection(StatusServiceCollection.Name)]
public sealed class HealthTests(PostgresFixture postgres)
{
    [RequiresLocalNatsServerFact]
    public async Task Healthz_NatsServerStopped_Returns503UntilItIsBack()
    {
        // A private server: stopping the shared one would break the other tests.
        await using var nats = await NatsServerFixture.StartNewAsync();
        var connectionString = await postgres.CreateDatabaseAsync("status_health", ownerRole: "status_health_owner");
        await using var service = await StatusServiceInstance.StartAsync(
            [$"--Nats:Url={nats.Url}", $"--Postgres:ConnectionString={connectionString}"]);
        await Eventually.WaitUntilAsync(async () => await HealthAsync(service) == HttpStatusCode.OK, StatusServiceScenario.Timeout, "healthz to answer 200 at first");

        await nats.StopAsync();
        await Eventually.WaitUntilAsync(async () => await HealthAsync(service) == HttpStatusCode.ServiceUnavailable, StatusServiceScenario.Timeout, "healthz to report NATS down");

        await nats.StartAsync();
        await Eventually.WaitUntilAsync(async () => await HealthAsync(service) == HttpStatusCode.OK, StatusServiceScenario.Timeout, "healthz to recover after reconnect");
    }

    private static async Task<HttpStatusCode> HealthAsync(StatusServiceInstance service)
    {
        using var response = await service.Http.GetAsync("/healthz");
        return response.StatusCode;
    }
}
