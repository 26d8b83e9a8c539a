using Orders.Monitor.Hosting;

// monitor: see README.md. Everything is composed in Hosting/.
MonitorApp.Build(args).Run();
