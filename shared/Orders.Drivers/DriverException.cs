namespace Orders.Drivers;

/// <summary>
/// A problem the user can fix (bad argument, unreachable server, missing stream, refused
/// credentials). Its message is one line saying what is wrong and how to fix it; the driver
/// prints it and exits with <see cref="ExitCodes.Usage"/>.
/// </summary>
internal sealed class DriverException(string message, Exception? innerException = null) : Exception(message, innerException);
