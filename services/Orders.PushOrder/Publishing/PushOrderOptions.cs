using Orders.PushOrder.Workload;

namespace Orders.PushOrder.Publishing;

/// <summary>One push-order run. Change with <c>with</c>.</summary>
internal sealed record PushOrderOptions
{
    /// <summary>Valid orders to submit.</summary>
    public int Count { get; init; } = 100;

    /// <summary>Orders per second; 0 publishes as fast as the ack window allows.</summary>
    public double Rate { get; init; }

    /// <summary>Publishes awaiting their JetStream ack at once.</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>Malformed commands to mix in.</summary>
    public int Bad { get; init; }

    /// <summary>After publishing, wait until every new order is paid or its payment failed.</summary>
    public bool Wait { get; init; }

    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public WorkloadOptions Workload { get; init; } = new();
}
