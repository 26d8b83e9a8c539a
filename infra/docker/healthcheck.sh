#!/bin/bash
# Container healthcheck of the Orders web services and of nats-server (nats.Dockerfile): exit 0
# when GET /healthz on the given port of this container answers 200, else 1. A service's /healthz
# is its own check (NATS connected, PostgreSQL answering); nats-server's, on its monitoring port
# 8222, says it accepts clients and JetStream is ready.
#
# The aspnet base image has no curl or wget and the rules forbid downloading a probe binary, so
# this speaks HTTP/1.0 through bash's /dev/tcp (bash is part of the Debian/Ubuntu base images).
# Usage: healthcheck.sh [port]   (default 8080, the port every Orders web image listens on; 8222 for NATS)
set -u
port=${1:-8080}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /healthz HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
# Status line: "HTTP/1.1 200 OK"
read -r -t 3 _ status _ <&3 || exit 1
[ "$status" = 200 ]
