using Orders.Drivers;
using Orders.UpdateStatus.Commands;

// update-status: see README.md. Exit codes: 0 applied (or follow mode ended), 1 rejected (or
// follow mode saw updates without outcome), 2 bad arguments, setup problem or no outcome in time.
var console = DriverConsole.FromProcess();
return await CliRunner.InvokeAsync(UpdateStatusCommand.Name, UpdateStatusCommand.Create(console), args, console);
