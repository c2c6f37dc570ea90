using Ticketing.Reconciler;

// The Reconciler as its own worker process, for scaling out beyond the Api-hosted default.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddReconciler(builder.Configuration);
await builder.Build().RunAsync().ConfigureAwait(false);
