# Builds the host and the project's channel plugins; runs against the PostgreSQL given by
# ConnectionStrings__ModularDesk (see docker-compose.yml).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet build ModularDesk.sln -c Release \
 && dotnet publish host/ModularDesk.Host -c Release -o /app \
 && mkdir -p artifacts/plugins /app/plugins && cp -r artifacts/plugins/. /app/plugins/

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
RUN mkdir -p /data && chown app:app /data
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    MODULARDESK_DATA_DIR=/data \
    Plugins__Directory=/app/plugins \
    MODULARDESK_LOG_FORMAT=json
VOLUME /data
EXPOSE 8080
USER app
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s CMD curl -fsS http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["dotnet", "ModularDesk.Host.dll"]
