using Orders.PaymentService.Hosting;

var builder = PaymentServiceApp.CreateBuilder(args);
var app = builder.Build();
app.MapPaymentServiceEndpoints();
app.Run();
