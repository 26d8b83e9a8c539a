using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orders.Monitor.Dashboard;

/// <summary>Source-generated JSON for everything the dashboard sends: camelCase.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(FeedItem))]
[JsonSerializable(typeof(SummaryResponse))]
[JsonSerializable(typeof(OrderHistoryResponse))]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
