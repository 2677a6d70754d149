#!/usr/bin/env bash
# Brings up the services LAC needs on this machine, without Docker:
# the local PostgreSQL cluster, a local Redis, and a Kafka broker (scripts/kafka.sh).
#
#   bash scripts/services.sh start    PostgreSQL + Redis up if down, database 'test' created if missing,
#                                     Kafka started; writes .lac/services.env
#   bash scripts/services.sh stop     stops Kafka only (PostgreSQL and Redis are system services we don't own)
#   bash scripts/services.sh status   one line per service; exit 0 only if all three are up
#   bash scripts/services.sh env      prints the export lines (eval "$(bash scripts/services.sh env)")
#
# LAC_KAFKA_PORT changes the Kafka port (default 9092); PostgreSQL (5432) and Redis (6379) are fixed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.lac"
ENV_FILE="$STATE/services.env"

PG_HOST=127.0.0.1
PG_PORT=5432
PG_USER=postgres
PG_DB="test"
REDIS_HOST=127.0.0.1
REDIS_PORT=6379
KAFKA_PORT="${LAC_KAFKA_PORT:-9092}"

log() { printf 'services: %s\n' "$*"; }
die() {
  printf 'services: error: %s\n' "$*" >&2
  exit 1
}

env_lines() {
  printf 'export DATABASE_URL=postgres://%s@%s:%s/%s\n' "$PG_USER" "$PG_HOST" "$PG_PORT" "$PG_DB"
  printf 'export KAFKA_BROKERS=127.0.0.1:%s\n' "$KAFKA_PORT"
  printf 'export REDIS_URL=redis://%s:%s\n' "$REDIS_HOST" "$REDIS_PORT"
}

pg_up() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; }
redis_up() { [[ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null || true)" == "PONG" ]]; }

start_postgres() {
  command -v pg_isready >/dev/null 2>&1 || die "pg_isready not found: install PostgreSQL (apt-get install postgresql) or use docker compose up"
  if pg_up; then
    log "PostgreSQL already up on $PG_HOST:$PG_PORT"
  else
    command -v pg_ctlcluster >/dev/null 2>&1 || die "PostgreSQL is down and pg_ctlcluster is not available to start it"
    local version
    # shellcheck disable=SC2012
    version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1)"
    [[ -n "$version" ]] || die "PostgreSQL is down and no cluster is configured under /etc/postgresql"
    log "starting PostgreSQL $version/main ..."
    pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
      die "could not start PostgreSQL cluster $version/main (see /var/log/postgresql/)"
    for _ in $(seq 1 30); do
      pg_up && break
      sleep 1
    done
    pg_up || die "PostgreSQL did not accept connections on $PG_HOST:$PG_PORT within 30s"
    log "PostgreSQL up on $PG_HOST:$PG_PORT"
  fi
  local exists
  exists="$(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" 2>&1)" ||
    die "cannot query PostgreSQL as user '$PG_USER' on $PG_HOST:$PG_PORT (trust auth expected): $exists"
  if [[ "$exists" != "1" ]]; then
    createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$PG_DB" || die "could not create database '$PG_DB'"
    log "created database '$PG_DB'"
  fi
}

start_redis() {
  command -v redis-cli >/dev/null 2>&1 || die "redis-cli not found: install Redis (apt-get install redis-server) or use docker compose up"
  if redis_up; then
    log "Redis already up on $REDIS_HOST:$REDIS_PORT"
    return 0
  fi
  command -v redis-server >/dev/null 2>&1 || die "Redis is down and redis-server is not installed"
  log "starting Redis ..."
  redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" --save "" --appendonly no >/dev/null ||
    die "redis-server failed to start"
  for _ in $(seq 1 20); do
    redis_up && break
    sleep 0.5
  done
  redis_up || die "Redis did not answer PING on $REDIS_HOST:$REDIS_PORT within 10s"
  log "Redis up on $REDIS_HOST:$REDIS_PORT"
}

cmd_start() {
  start_postgres
  start_redis
  bash "$ROOT/scripts/kafka.sh" start
  mkdir -p "$STATE"
  env_lines >"$ENV_FILE"
  log "wrote .lac/services.env (source it, or: eval \"\$(bash scripts/services.sh env)\")"
}

cmd_status() {
  local ok=0
  if pg_up; then log "PostgreSQL: up on $PG_HOST:$PG_PORT"; else
    log "PostgreSQL: down"
    ok=1
  fi
  if redis_up; then log "Redis: up on $REDIS_HOST:$REDIS_PORT"; else
    log "Redis: down"
    ok=1
  fi
  if bash "$ROOT/scripts/kafka.sh" status >/dev/null 2>&1; then log "Kafka: up on 127.0.0.1:$KAFKA_PORT"; else
    log "Kafka: down"
    ok=1
  fi
  return "$ok"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) bash "$ROOT/scripts/kafka.sh" stop ;;
  status) cmd_status ;;
  env) env_lines ;;
  *)
    echo "usage: bash scripts/services.sh start|stop|status|env" >&2
    exit 2
    ;;
esac
