namespace Orders.StatusService.Queries;

/// <summary>
/// <c>GET /stats</c>: <c>{"byStatus":{"Created":0,"Paid":0,...},"total":0}</c>. Every status is
/// present, in lifecycle order, zeros included, so a dashboard never has to guess a missing key.
/// </summary>
internal sealed record StatsResponse(IReadOnlyDictionary<string, long> ByStatus, long Total);
