using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Orders.Actors.Tests;

/// <summary>Keeps log entries so tests can wait for, and assert on, what the runtime logged.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _waiters = new();

    public ConcurrentQueue<(LogLevel Level, EventId Id, string Message, IReadOnlyList<KeyValuePair<string, object?>> Fields)> Entries { get; } = new();

    public Task Logged(int eventId) => Waiter(eventId).Task;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private TaskCompletionSource Waiter(int eventId) =>
        _waiters.GetOrAdd(eventId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private sealed class Logger(CapturingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            provider.Entries.Enqueue((logLevel, eventId, formatter(state, exception), fields));
            provider.Waiter(eventId.Id).TrySetResult();
        }
    }
}
