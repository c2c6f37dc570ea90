using Ticketing.Api;

var app = ApiHost.Build(args);
await app.RunAsync().ConfigureAwait(false);
