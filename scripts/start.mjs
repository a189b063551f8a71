// `npm start`: install what is missing, build what changed (server, web app), then `atom serve` (which
// migrates first), and end with where to go.
import { generateIntegrations } from './gen-integrations.mjs';
import { buildServer, buildWeb, ensureInstalled } from './lib.mjs';

ensureInstalled();
// The service list is generated from src/integrations/<service>/ folders (not committed): before the build reads src.
generateIntegrations();
buildServer();
buildWeb();
console.log('\n▶ starting Atom (embedded mode unless ATOM_DATABASE_URL / ATOM_REDIS_URL are set)\n');
process.argv = [process.argv[0], 'atom', 'serve'];
// Resolves once the server listens (a failed start exits inside it).
await import('../dist/cli/main.js');
await sayWhereToGo();

/** The last lines of the start: the address, and on a new server that the first account is made there. */
async function sayWhereToGo() {
  const { loadConfig } = await import('../dist/platform/index.js');
  const config = loadConfig();
  if (config.ATOM_PORT === 0) return; // a random port: only the server's own log line knows it
  const anyHost = ['0.0.0.0', '::', '[::]'].includes(config.ATOM_HOST);
  const local = `http://${anyHost ? '127.0.0.1' : config.ATOM_HOST}:${config.ATOM_PORT}`;
  const url = config.ATOM_PUBLIC_URL ?? `http://${anyHost ? 'localhost' : config.ATOM_HOST}:${config.ATOM_PORT}`;
  let needsFirstAccount = false;
  try {
    const res = await fetch(`${local}/api/auth/providers`, { signal: AbortSignal.timeout(5000) });
    needsFirstAccount = res.ok && (await res.json()).needsFirstAccount === true;
  } catch {
    // The address is still right; only the hint about the first account is left out.
  }
  console.log(`\n✔ Atom is ready: ${url}${needsFirstAccount ? '\n  Open it and create the first account there.' : ''}\n`);
}
