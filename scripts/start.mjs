// `npm start`: install what is missing, build server and web app, then `atom serve` (which migrates first).
import { buildServer, buildWeb, ensureInstalled } from './lib.mjs';

ensureInstalled();
buildServer();
buildWeb();
console.log('\n▶ starting Atom (embedded mode unless ATOM_DATABASE_URL / ATOM_REDIS_URL are set)\n');
process.argv = [process.argv[0], 'atom', 'serve'];
await import('../dist/cli/main.js');
