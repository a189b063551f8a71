#!/usr/bin/env bash
# Renders, validates and applies the docker compose stack (docker-compose.yml + .env).
#   deploy/compose.sh --dry-run          validate and print what would run; changes nothing
#   deploy/compose.sh                    first install, or a rolling upgrade of a running stack
#   options: --env-file FILE (default .env)   --no-build (use ATOM_IMAGE from a registry)
# Upgrade: build the new image, run `atom migrate` (migrations stay compatible with the previous
# version for one release), then replace API and worker containers a few at a time: new ones start and
# turn healthy before the old ones get SIGTERM and drain (Caddy retries a refused connection elsewhere).
set -euo pipefail
cd "$(dirname "$0")/.."

dry=0
env_file=.env
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry=1 ;;
    --env-file) env_file="$2"; shift ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "deploy/compose.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

say() { printf '\n▶ %s\n' "$*"; }
run() {
  if [ "$dry" = 1 ]; then printf '  + %s\n' "$*"; else "$@"; fi
}

if [ ! -f "$env_file" ]; then
  echo "deploy/compose.sh: $env_file is missing: cp .env.example $env_file and fill it in (passwords, ATOM_VAULT_KEYS, ATOM_DOMAIN)" >&2
  exit 1
fi
if [ -n "$(find "$env_file" -perm /o=r 2>/dev/null)" ]; then
  echo "warning: $env_file is readable by every user; chmod 600 $env_file" >&2
fi

say "validating (compose-spec schema, secrets, Dockerfile lint)"
npx --no-install tsx deploy/check.ts compose --env-file "$env_file"
npx --no-install tsx deploy/check.ts docker

compose=(docker compose --env-file "$env_file")
if docker compose version >/dev/null 2>&1; then
  say "docker compose config"
  "${compose[@]}" config --quiet
  have_engine=$(docker info >/dev/null 2>&1 && echo 1 || echo 0)
else
  echo "note: the docker compose plugin is not installed here; validated with the compose-spec schema only"
  have_engine=0
fi

# Containers of a service that run now (empty when the stack is not up, or no engine answers).
running() {
  if [ "$have_engine" = 1 ]; then "${compose[@]}" ps -q "$1" 2>/dev/null || true; fi
}

# Replaces a service's containers without a gap: scale to twice the count (new image), wait until the
# new containers are healthy, then stop the old ones (SIGTERM: they finish in-flight work) and remove them.
roll() {
  local svc=$1 old count
  old=$(running "$svc")
  count=$(echo "$old" | wc -w)
  if [ "$count" -eq 0 ]; then
    run "${compose[@]}" up -d --wait "$svc"
    return
  fi
  run "${compose[@]}" up -d --no-deps --no-recreate --wait --scale "$svc=$((count * 2))" "$svc"
  # shellcheck disable=SC2086
  run docker stop --time 60 $old
  # shellcheck disable=SC2086
  run docker rm $old
  run "${compose[@]}" up -d --no-deps --no-recreate --scale "$svc=$count" "$svc"
}

if [ "$dry" = 1 ]; then say "plan (dry run: nothing is changed)"; fi
if [ "$build" = 1 ]; then
  say "building the image"
  run "${compose[@]}" build migrate
fi
say "database and Redis"
run "${compose[@]}" up -d --wait postgres redis
say "migrating (atom migrate)"
run "${compose[@]}" run --rm migrate
say "API and workers"
if [ "$have_engine" = 0 ] && [ "$dry" = 1 ]; then
  echo "  (no Docker engine answers: showing the first-install plan; on a running stack each service is rolled: scale x2 --wait, stop old, remove old)"
fi
roll api
roll worker
say "proxy"
run "${compose[@]}" up -d --wait --remove-orphans proxy
if [ "$dry" = 1 ]; then say "dry run complete"; else say "Atom is up: https://$(grep -E '^ATOM_DOMAIN=' "$env_file" | cut -d= -f2-)"; fi
