using Orders.StatusService.Hosting;

// status-service: see README.md. Everything is composed in Hosting/.
StatusServiceApp.Build(args).Run();
