using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orders.ServiceDefaults.Health.Internal;

/// <summary>Writes <c>{"status":"Unhealthy","down":{"nats":"NATS connection is Reconnecting"},"degraded":{}}</c>: what is down or degraded, in words.</summary>
internal static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteString(name, entry.Status.ToString());
            }

            json.WriteEndObject();
            json.WriteStartObject("down");
            foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy))
            {
                json.WriteString(name, entry.Description ?? entry.Exception?.Message ?? "down");
            }

            json.WriteEndObject();
            json.WriteStartObject("degraded");
            foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status == HealthStatus.Degraded))
            {
                json.WriteString(name, entry.Description ?? "degraded");
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).AsTask();
    }
}
