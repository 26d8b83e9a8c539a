namespace Orders.Monitor.Console;

/// <summary>Whether console lines get colour: not when output goes to a file or pipe, not when <c>NO_COLOR</c> is set (https://no-color.org).</summary>
internal static class ConsoleColourPolicy
{
    public const string NoColorVariable = "NO_COLOR";

    public static bool UseColour(bool outputRedirected, string? noColorValue) =>
        !outputRedirected && string.IsNullOrEmpty(noColorValue);

    /// <summary>The decision for this process's standard output.</summary>
    public static bool ForStandardOutput() =>
        UseColour(System.Console.IsOutputRedirected, Environment.GetEnvironmentVariable(NoColorVariable));
}
