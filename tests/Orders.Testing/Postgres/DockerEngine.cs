using System.Net.Sockets;
using System.Text.Json;

namespace Orders.Testing.Postgres;

/// <summary>
/// Asks the Docker engine named by <c>DOCKER_HOST</c> (default <c>/var/run/docker.sock</c>) for its
/// version, and prepares Testcontainers for it before any Testcontainers type is touched.
/// </summary>
internal static class DockerEngine
{
    private const string ApiVersionVariable = "DOCKER_API_VERSION";
    private const string RyukDisabledVariable = "TESTCONTAINERS_RYUK_DISABLED";
    private const string DefaultSocket = "/var/run/docker.sock";

    // Testcontainers 4.17 asks for API 1.44 unless told otherwise; Debian 12's Docker 20.10 speaks 1.41.
    private static readonly Version TestcontainersDefaultApi = new(1, 44);
    private static readonly TimeSpan ProbeDeadline = TimeSpan.FromSeconds(3);
    private static readonly Lazy<Version?> Answer = new(AskVersion);
    private static readonly Lock PrepareLock = new();
    private static bool _prepared;

    /// <summary>The engine's API version, or null when no engine answers (probed once per process).</summary>
    public static Version? Probe() => Answer.Value;

    /// <summary>
    /// Makes Testcontainers talk to this engine: pins the API version when the engine is older than
    /// what Testcontainers asks for, and turns the Ryuk reaper off unless the environment says
    /// otherwise (its image cannot be pulled offline, and the fixture removes its own containers).
    /// Must run before the first Testcontainers call, which reads both settings once.
    /// </summary>
    public static void PrepareTestcontainers()
    {
        lock (PrepareLock)
        {
            if (_prepared)
            {
                return;
            }

            // No answer (an engine this probe cannot reach, e.g. over TLS): Testcontainers' own error will say why.
            var engineApi = Probe();
            if (engineApi is not null && engineApi < TestcontainersDefaultApi &&
                string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ApiVersionVariable)))
            {
                Environment.SetEnvironmentVariable(ApiVersionVariable, engineApi.ToString(2));
            }

            if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(RyukDisabledVariable)))
            {
                Environment.SetEnvironmentVariable(RyukDisabledVariable, "true");
            }

            _prepared = true;
        }
    }

    /// <summary>Where the engine is looked for, for messages.</summary>
    public static string Describe() => Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : "unix://" + DefaultSocket;

    private static Version? AskVersion()
    {
        var host = Describe();
        using var cts = new CancellationTokenSource(ProbeDeadline);
        try
        {
            using var handler = new SocketsHttpHandler();
            Uri baseAddress;
            if (host.StartsWith("unix://", StringComparison.Ordinal))
            {
                var path = host["unix://".Length..];
                handler.ConnectCallback = async (_, ct) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct).ConfigureAwait(false);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                };
                baseAddress = new Uri("http://docker/");
            }
            else if (host.StartsWith("tcp://", StringComparison.Ordinal))
            {
                baseAddress = new Uri("http://" + host["tcp://".Length..].TrimEnd('/') + "/");
            }
            else
            {
                return null; // ssh://, npipe:// and TLS setups: leave those to an explicit ORDERS_TEST_PG=container
            }

            using var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = ProbeDeadline };
            using var response = client.GetAsync("version", cts.Token).GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var body = JsonDocument.Parse(response.Content.ReadAsStringAsync(cts.Token).GetAwaiter().GetResult());
            return body.RootElement.TryGetProperty("ApiVersion", out var api) &&
                   Version.TryParse(api.GetString(), out var version)
                ? version
                : TestcontainersDefaultApi;
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or IOException or OperationCanceledException or JsonException)
        {
            return null;
        }
    }
}
