# The Reconciler as its own worker process, for scaling the PostgreSQL side out of the Api.
#   docker build -f deploy/Reconciler.Dockerfile -t ticketing-reconciler .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Reconciler -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
COPY --from=build /app .
USER app
ENTRYPOINT ["dotnet", "Ticketing.Reconciler.dll"]
