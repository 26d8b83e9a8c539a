// composed in a later step
WebApplication.CreateBuilder(args).Build().Run();
