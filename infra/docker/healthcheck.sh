#!/bin/bash
# Container healthcheck of the Orders web services: exit 0 when GET /healthz on this container's
# HTTP port answers 200 (the service's own check: NATS connected, PostgreSQL answering), else 1.
#
# The aspnet base image has no curl or wget and the rules forbid downloading a probe binary, so
# this speaks HTTP/1.0 through bash's /dev/tcp (bash is part of the Debian/Ubuntu base images).
# Usage: healthcheck.sh [port]   (default 8080, the port every Orders web image listens on)
set -u
port=${1:-8080}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /healthz HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
# Status line: "HTTP/1.1 200 OK"
read -r -t 3 _ status _ <&3 || exit 1
[ "$status" = 200 ]
