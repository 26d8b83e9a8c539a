using Orders.StatusService.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddStatusService();

var app = builder.Build();
app.MapStatusServiceEndpoints();
app.Run();
