# nats-server with a container healthcheck, for docker-compose.yml. Build context: the repository root.
#
# The nats image is the server binary alone (no shell, no curl), so it cannot probe itself. This
# puts that same binary on the smallest base the project already uses that has bash
# (runtime-deps: no .NET in it, just Debian/Ubuntu with bash), and probes GET /healthz on the
# monitoring port with the script the Orders web images use. /healthz answers 200 once the server
# accepts clients and JetStream is ready (in a cluster: a metadata leader is elected and this
# node's streams are current), which is what a service needs before it provisions its streams.
# Plain multi-stage syntax only (docker-compose v1's classic builder).
FROM nats:2.10 AS server

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
COPY --from=server /nats-server /nats-server
COPY infra/docker/healthcheck.sh /usr/local/bin/orders-healthcheck
EXPOSE 4222 6222 8222
# Root, like the official image: the named volume mounted at /data is root-owned.
HEALTHCHECK --interval=3s --timeout=3s --start-period=30s --retries=5 CMD ["/usr/local/bin/orders-healthcheck", "8222"]
ENTRYPOINT ["/nats-server"]
