using Orders.Drivers;
using Orders.PushOrder.Commands;

// push-order: see README.md. Exit codes: 0 done, 1 failures or unfinished orders, 2 bad
// arguments or setup (one line on stderr), 130 Ctrl-C (summary so far printed).
var console = DriverConsole.FromProcess();
return await CliRunner.InvokeAsync(PushOrderCommand.Name, PushOrderCommand.Create(console), args, console);
