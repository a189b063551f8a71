#!/usr/bin/env bash
# Renders, validates and applies the Kubernetes kustomize base (or an overlay of it).
#   deploy/kubernetes.sh --dry-run                    validate, render, list what would be applied
#   deploy/kubernetes.sh -n atom --image reg/atom:0.2.0
#   options: -n|--namespace NS (default atom)  --image IMAGE  --dir KUSTOMIZATION_DIR (an overlay)
# Order: config, secret and the migration Job first; wait for `atom migrate` to complete; then the
# Deployments roll (maxUnavailable 0: new pods must be ready before old ones stop).
set -euo pipefail
cd "$(dirname "$0")/.."

dry=0
namespace=atom
image=""
dir=deploy/kubernetes
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry=1 ;;
    -n|--namespace) namespace="$2"; shift ;;
    --image) image="$2"; shift ;;
    --dir) dir="$2"; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "deploy/kubernetes.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

say() { printf '\n▶ %s\n' "$*"; }
run() {
  if [ "$dry" = 1 ]; then printf '  + %s\n' "$*"; else "$@"; fi
}

say "validating (typed manifests, committed YAML, kustomize build)"
npx --no-install tsx deploy/check.ts kubernetes

if ! command -v kubectl >/dev/null 2>&1; then
  echo "deploy/kubernetes.sh: kubectl is needed to render and apply" >&2
  exit 1
fi

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
chmod 700 "$workdir"
src="$dir"
if [ ! -f "$dir/secrets.env" ] && grep -q 'secrets.env' "$dir/kustomization.yaml"; then
  if [ "$dry" = 0 ]; then
    echo "deploy/kubernetes.sh: $dir/secrets.env is missing: cp $dir/secrets.env.example $dir/secrets.env and fill it in" >&2
    exit 1
  fi
  # A dry run renders with the example's empty values.
  cp -r "$dir" "$workdir/base"
  cp "$dir/secrets.env.example" "$workdir/base/secrets.env"
  src="$workdir/base"
fi

say "rendering $dir"
rendered="$workdir/atom.yaml"
kubectl kustomize "$src" > "$rendered"
if [ -n "$image" ]; then
  sed -i -E "s#^(\s+image: )atom:[^ ]+\$#\1${image}#" "$rendered"
fi
grep -E '^kind: |^  name: ' "$rendered" | paste - - | awk '{print "  " $2 "/" $4}'
grep -E '^\s+image: ' "$rendered" | sort -u | sed 's/^ */  image: /; s/image: image:/image:/'

cluster=0
if kubectl version --request-timeout=5s >/dev/null 2>&1; then cluster=1; fi
if [ "$dry" = 1 ]; then
  if [ "$cluster" = 1 ]; then
    say "server-side dry run"
    kubectl apply --dry-run=server -n "$namespace" -f "$rendered"
  else
    echo "note: no cluster answers; the server-side dry run (kubectl apply --dry-run=server) is skipped"
  fi
  say "plan (dry run: nothing is changed)"
fi

if [ "$dry" = 1 ]; then
  printf '  + kubectl create namespace %s --dry-run=client -o yaml | kubectl apply -f -\n' "$namespace"
else
  kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f -
fi
say "config, secret and migration Job"
run kubectl -n "$namespace" delete job atom-migrate --ignore-not-found --wait
run kubectl -n "$namespace" apply -f "$rendered" -l 'app.kubernetes.io/component in (config,migrate)'
run kubectl -n "$namespace" wait --for=condition=complete job/atom-migrate --timeout=15m
say "API, workers, autoscalers, budgets, policies"
run kubectl -n "$namespace" apply -f "$rendered"
run kubectl -n "$namespace" rollout status deployment/atom-api --timeout=10m
run kubectl -n "$namespace" rollout status deployment/atom-worker --timeout=10m
if [ "$dry" = 1 ]; then say "dry run complete"; fi
