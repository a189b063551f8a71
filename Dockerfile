# syntax=docker/dockerfile:1.7
# Atom: one image for every role (`atom serve`, `atom worker`, `atom migrate`, `atom backup|restore`).
#   docker build -t atom:0.1.0 --build-arg VERSION=0.1.0 --build-arg REVISION=$(git rev-parse HEAD) .
#   docker run --read-only --tmpfs /tmp -v atom-data:/data -p 5058:5058 atom:0.1.0            # serve
#   docker run ... atom:0.1.0 worker                                                          # queue worker
# The runtime writes only under /data (ATOM_DATA_DIR) and /tmp, so it runs with a read-only root filesystem.

# Both stages use the same Debian release, so native modules (better-sqlite3, LanceDB, argon2) built or
# fetched in the build stage load in the runtime stage.
# The current Node LTS (24): Node 20 is past its end of life and several dependencies declare Node >= 22.
# The same version is started by the CI smoke test (scripts/smoke-node24.mjs, npm's `node` package).
ARG NODE_VERSION=24.9.0
ARG DEBIAN_RELEASE=bookworm

FROM node:${NODE_VERSION}-${DEBIAN_RELEASE} AS build
WORKDIR /src
ENV CI=true \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_UPDATE_NOTIFIER=false
# Dependencies first: this layer is reused until package.json or the lock file change.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
# `npm run build` compiles the server (and copies the data files it reads at run time) and the web
# app; then the dev dependencies go.
RUN npm run build \
 && npm prune --omit=dev \
 && find dist -name '*.map' -delete

FROM node:${NODE_VERSION}-${DEBIAN_RELEASE}-slim AS runtime
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="Atom" \
      org.opencontainers.image.description="Self-hosted AI automation assistant: workflows across your services, and a memory of your documents." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="UNLICENSED" \
      org.opencontainers.image.source="https://example.invalid/atom" \
      org.opencontainers.image.documentation="docs/operations.md" \
      org.opencontainers.image.base.name="node:${NODE_VERSION}-${DEBIAN_RELEASE}-slim"

# tini reaps children (pg_dump during `atom backup`) and forwards SIGTERM; postgresql-client brings
# pg_dump/pg_restore for backup and restore on PostgreSQL. Debian's versions are not pinned on purpose:
# pinned Debian versions vanish from the archive and break rebuilds; security updates come with a rebuild.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini postgresql-client ca-certificates \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*

# A fixed numeric uid/gid, so Kubernetes' runAsNonRoot can verify it and volumes can be chowned ahead.
RUN groupadd --system --gid 10001 atom \
 && useradd --system --uid 10001 --gid atom --home-dir /data --no-create-home --shell /usr/sbin/nologin atom \
 && mkdir -p /data \
 && chown atom:atom /data \
 && chmod 0750 /data

WORKDIR /app
ENV NODE_ENV=production \
    ATOM_HOST=0.0.0.0 \
    ATOM_PORT=5058 \
    ATOM_DATA_DIR=/data \
    ATOM_LOG_PRETTY=false \
    ATOM_WEB_DIST=/app/web/dist
# ATOM_TRUST_PROXY stays off here: only a deployment that puts a proxy in front turns it on (compose and
# Kubernetes do), otherwise clients could forge X-Forwarded-For. The application files belong to root
# and are read-only for the service user.
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/bin ./bin
COPY --from=build /src/dist ./dist
COPY --from=build /src/web/dist ./web/dist

USER 10001:10001
VOLUME ["/data"]
EXPOSE 5058
# Slim images have no curl: Node's own fetch asks the liveness endpoint. Workers serve no HTTP, so
# docker-compose.yml and the Kubernetes manifests give them their own check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.ATOM_PORT||5058)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/bin/atom.js"]
CMD ["serve"]
