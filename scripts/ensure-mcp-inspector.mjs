// The MCP Inspector (CLI mode) for src/mcp/mcp.test.ts: it needs Node ≥ 22.19 while Atom's tests run on
// Node 20, so npm's `node` package (24.9.0, as scripts/smoke-node24.mjs uses) and the Inspector are
// installed together into .tmp/mcp-inspector on first use, pinned, outside Atom's dependency tree (the
// Inspector brings its web UI, ~300 MB). Prints { node, launcher } as JSON; exit 1 when npm cannot install.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './lib.mjs';

const NODE_VERSION = '24.9.0';
const INSPECTOR_VERSION = '2.12.0';
const prefix = path.join(root, '.tmp', 'mcp-inspector');
const node = path.join(prefix, 'node_modules', '.bin', 'node');
const launcher = path.join(prefix, 'node_modules', '@modelcontextprotocol', 'inspector', 'clients', 'launcher', 'build', 'index.js');
const installed = path.join(prefix, 'node_modules', '@modelcontextprotocol', 'inspector', 'package.json');

const version = () => (existsSync(installed) ? JSON.parse(readFileSync(installed, 'utf8')).version : undefined);
if (!existsSync(node) || !existsSync(launcher) || version() !== INSPECTOR_VERSION) {
  mkdirSync(prefix, { recursive: true });
  const r = spawnSync(
    'npm',
    ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', prefix, `node@${NODE_VERSION}`, `@modelcontextprotocol/inspector@${INSPECTOR_VERSION}`],
    // The Inspector's postinstall only installs its own clients in a source checkout; not needed here.
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, INSPECTOR_SKIP_CLIENT_INSTALL: '1' } },
  );
  if (r.status !== 0 || !existsSync(launcher)) {
    console.error(`could not install node@${NODE_VERSION} and @modelcontextprotocol/inspector@${INSPECTOR_VERSION} from the npm registry`);
    process.exit(1);
  }
}
const got = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
if (got !== `v${NODE_VERSION}`) {
  console.error(`expected node v${NODE_VERSION} in ${prefix}, got ${got || 'nothing'}`);
  process.exit(1);
}
console.log(JSON.stringify({ node, launcher }));
