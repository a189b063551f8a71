import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from '../../deploy/checks/dockerfile.js';
import { startTestServer } from '../support/server.js';

const exec = promisify(execFile);

const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
const dockerignore = readFileSync(new URL('../../.dockerignore', import.meta.url), 'utf8').split('\n').map((l) => l.trim());

const rulesOf = (text: string) => lintDockerfile(text).map((f) => f.rule);

// A minimal Dockerfile that passes, to mutate one rule at a time.
const good = `ARG NODE_VERSION=20.20.2
FROM node:\${NODE_VERSION}-bookworm AS build
WORKDIR /src
COPY . .
RUN npm ci && npm run build && npm prune --omit=dev
FROM node:\${NODE_VERSION}-bookworm-slim
LABEL org.opencontainers.image.title="a" org.opencontainers.image.description="a" org.opencontainers.image.version="1" \\
      org.opencontainers.image.revision="r" org.opencontainers.image.source="s" org.opencontainers.image.licenses="l"
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
ENV ATOM_DATA_DIR=/data ATOM_HOST=0.0.0.0
COPY --from=build /src/dist ./dist
USER 10001
HEALTHCHECK CMD ["node", "-e", "fetch('http://127.0.0.1:5058/health')"]
ENTRYPOINT ["node", "/app/bin/atom.js"]
CMD ["serve"]
`;

describe('Dockerfile', () => {
  it('passes dockerfile-utils and the hadolint-style rules', () => {
    expect(lintDockerfile(dockerfile)).toEqual([]);
  });

  it('is multi-stage: node:24 (current LTS) build with npm ci + build, slim runtime as a non-root uid with /data', () => {
    const froms = dockerfile.split('\n').filter((l) => l.startsWith('FROM '));
    expect(froms).toEqual([
      'FROM node:${NODE_VERSION}-${DEBIAN_RELEASE} AS build',
      'FROM node:${NODE_VERSION}-${DEBIAN_RELEASE}-slim AS runtime',
    ]);
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=24\.\d+\.\d+$/m);
    expect(dockerfile).toMatch(/^USER 10001:10001$/m);
    expect(dockerfile).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(dockerfile).toMatch(/ENTRYPOINT \["\/usr\/bin\/tini", "--", "node", "\/app\/bin\/atom\.js"\]\nCMD \["serve"\]/);
  });

  it('the lint rules fire on the mistakes they exist for', () => {
    expect(lintDockerfile(good)).toEqual([]);
    expect(rulesOf(good.replace('ARG NODE_VERSION=20.20.2', 'ARG NODE_VERSION=20'))).toContain('DL3006');
    expect(rulesOf(good.replace('node:${NODE_VERSION}-bookworm AS build', 'node:latest AS build'))).toContain('DL3006');
    expect(rulesOf(good.replace('USER 10001', 'USER root'))).toContain('DL3002');
    expect(rulesOf(good.replace('USER 10001\n', ''))).toContain('DL3002');
    expect(rulesOf(good.replace(/HEALTHCHECK .*\n/, ''))).toContain('ATOM-HEALTHCHECK');
    expect(rulesOf(good.replace(/HEALTHCHECK .*\n/, 'HEALTHCHECK CMD curl -f http://localhost/health\n'))).toContain('ATOM-HEALTHCHECK');
    expect(rulesOf(good.replace('COPY --from=build', 'ADD https://example.com/x.tgz /x\nCOPY --from=build'))).toContain('DL3020');
    expect(rulesOf(good.replace(' && rm -rf /var/lib/apt/lists/*', ''))).toContain('DL3009');
    expect(rulesOf(good.replace(' --no-install-recommends', ''))).toContain('DL3015');
    expect(rulesOf(good.replace('CMD ["serve"]', 'CMD node serve'))).toContain('DL3025');
    expect(rulesOf(good.replace('ATOM_DATA_DIR=/data ', ''))).toContain('ATOM-DATADIR');
    expect(rulesOf(good.replace('org.opencontainers.image.revision="r" ', ''))).toContain('ATOM-LABELS');
    expect(rulesOf(good.replace(' && npm prune --omit=dev', ''))).toContain('ATOM-BUILD');
    expect(rulesOf(good.replace('COPY --from=build /src/dist ./dist', 'COPY . .'))).toContain('ATOM-CONTEXT');
    // The Docker builder's own errors come through dockerfile-utils.
    expect(rulesOf(good.replace('WORKDIR /src', 'WORKDIR'))).toContain('DU');
  });

  it('.dockerignore keeps secrets, build output and local data out of the build context', () => {
    for (const entry of ['.git', '.env', 'node_modules', 'dist', 'web/dist', 'data', 'test']) expect(dockerignore).toContain(entry);
  });

  it('the HEALTHCHECK command passes against a serving Atom and fails when nothing answers', { timeout: 120_000 }, async () => {
    const cmd = JSON.parse(/HEALTHCHECK [^\n]*\\\n\s+CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]') as string[];
    expect(cmd.slice(0, 2)).toEqual(['node', '-e']);
    const check = (port: number) =>
      exec(process.execPath, cmd.slice(1), { env: { ATOM_PORT: String(port) }, timeout: 30_000 }).then(
        () => 0,
        (e: { code: number }) => e.code,
      );
    const server = await startTestServer();
    const port = Number(new URL(server.url).port);
    try {
      expect(await check(port)).toBe(0);
    } finally {
      await server.close();
    }
    expect(await check(port)).toBe(1);
  });
});
