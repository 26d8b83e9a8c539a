#!/usr/bin/env bash
# Creates one database and one login role per Orders service; each role owns its database and
# nothing else, and PUBLIC may not connect to it, so a service can reach only its own data.
#
#   service          role             database        password from
#   order-service    order_service    orders_order    ORDERS_PG_PASSWORD_ORDER_SERVICE
#   payment-service  payment_service  orders_payment  ORDERS_PG_PASSWORD_PAYMENT_SERVICE
#   status-service   status_service   orders_status   ORDERS_PG_PASSWORD_STATUS_SERVICE
#
# Used by ./run.sh (private cluster under .orders/pg, on every start) and by docker compose's
# postgres (mounted into /docker-entrypoint-initdb.d/, run once when the volume is new). Idempotent:
# an existing role gets the current password, an existing database is kept. Connects with the
# usual libpq variables (PGHOST, PGPORT, ...) as POSTGRES_USER (default postgres), a superuser.
# Passwords travel only through the environment (psql's \getenv), never on a command line.
set -euo pipefail

readonly SERVICES=( # role database password-variable
  "order_service orders_order ORDERS_PG_PASSWORD_ORDER_SERVICE"
  "payment_service orders_payment ORDERS_PG_PASSWORD_PAYMENT_SERVICE"
  "status_service orders_status ORDERS_PG_PASSWORD_STATUS_SERVICE"
)

sql_for() { # role database password-variable
  cat <<SQL
\\set role '$1'
\\set database '$2'
\\getenv password $3
SELECT format('CREATE ROLE %I', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \\gexec
SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L',
              :'role', :'password') \\gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \\gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'database', :'role') \\gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'database') \\gexec
SQL
}

missing=()
script=""
for service in "${SERVICES[@]}"; do
  read -r role database variable <<<"$service"
  if [ -z "${!variable:-}" ]; then
    missing+=("$variable")
  fi
  script+="$(sql_for "$role" "$database" "$variable")"$'\n'
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "init-databases.sh: set ${missing[*]} (development defaults: infra/local/dev-secrets.env)" >&2
  exit 1
fi

psql --no-psqlrc --quiet -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  <<<"$script" >/dev/null
echo "init-databases.sh: databases orders_order, orders_payment, orders_status and their roles are ready"
