import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/platform/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { createContext } from '../../src/platform/context.js';
import { startServer, type RunningServer, type StartOptions } from '../../src/server.js';
import { LogCapture } from './context.js';

/**
 * A real listening Atom (embedded mode, temp data dir, random port) for browser and HTTP tests.
 * Pass ATOM_DATA_DIR (and ATOM_PORT) in env to start it again on the same origin and data after a stop:
 * a data directory the caller gave is left in place on close.
 */
export async function startTestServer(env: Record<string, string> = {}, options: StartOptions = {}) {
  const ownDataDir = !env.ATOM_DATA_DIR;
  const dataDir = env.ATOM_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'atom-srv-'));
  const config = loadConfig({ NODE_ENV: 'test', ATOM_DATA_DIR: dataDir, ATOM_PORT: '0', ATOM_HOST: '127.0.0.1', ATOM_LOG_LEVEL: 'info', ...env });
  const logs = new LogCapture();
  const ctx = createContext(config, { logger: createLogger({ level: config.ATOM_LOG_LEVEL, pretty: 'false', destination: logs }) });
  const server: RunningServer = await startServer(config, { ...options, ctx });
  return {
    ...server,
    logs,
    dataDir,
    close: async () => {
      // Tests end with browsers gone: a socket a closed browser left half-open must not hold teardown
      // (production shutdown keeps its grace period; this is the test harness only).
      const force = setTimeout(() => server.app.server.closeAllConnections(), 2000);
      try {
        await server.stop();
      } finally {
        clearTimeout(force);
      }
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
