using Orders.Chaos;

return await ChaosCommand.InvokeAsync(args, Console.Out);
