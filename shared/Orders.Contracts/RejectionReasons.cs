namespace Orders.Contracts;

/// <summary>The <c>reason</c> values of <c>orders.update-rejected</c>.</summary>
public static class RejectionReasons
{
    /// <summary>The order does not exist (yet): an update that arrives before its order.</summary>
    public const string UnknownOrder = "unknown-order";

    /// <summary>The lifecycle does not allow the requested status from the current one.</summary>
    public const string InvalidTransition = "invalid-transition";

    /// <summary><c>expectedVersion</c> did not match the order's current version.</summary>
    public const string VersionConflict = "version-conflict";
}
