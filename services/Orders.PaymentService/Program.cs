using Orders.PaymentService.Hosting;

// payment-service: see README.md. Everything is composed in Hosting/.
PaymentServiceApp.Build(args).Run();
