using Orders.OrderService.Hosting;

// order-service: see README.md. Everything is composed in Hosting/.
OrderServiceApp.Build(args).Run();
