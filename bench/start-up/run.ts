// Time of `npm start` until GET /health answers, in a checkout (default: this one). Stops the server after.
//   npx tsx bench/start-up/run.ts [--dir <checkout>] [--port 5391]
// Prints the seconds, which builds ran, and the last lines the terminal showed.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { dir: { type: 'string', default: process.cwd() }, port: { type: 'string', default: '5391' } } });
const port = Number(values.port);

const started = performance.now();
const child = spawn('npm', ['start'], {
  cwd: values.dir,
  detached: true, // its own process group, so the server it starts stops with it
  env: { ...process.env, ATOM_PORT: String(port), ATOM_LOG_PRETTY: 'false', NO_COLOR: '1' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
child.stdout.on('data', (d: Buffer) => (output += d.toString()));
child.stderr.on('data', (d: Buffer) => (output += d.toString()));
const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

let seconds: number | undefined;
const deadline = started + 20 * 60_000;
while (performance.now() < deadline && child.exitCode === null) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
    if (res.ok) {
      seconds = (performance.now() - started) / 1000;
      break;
    }
  } catch {
    // not listening yet
  }
  await new Promise((r) => setTimeout(r, 100));
}
// Give the start script a moment to print its closing lines before reading them.
await new Promise((r) => setTimeout(r, 1500));
if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
await exited;

const lines = output.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('{'));
console.log(
  JSON.stringify(
    {
      seconds: seconds === undefined ? null : Math.round(seconds * 10) / 10,
      server: /server \(dist\/\): up to date/.test(output) ? 'up to date' : /building the server/.test(output) ? 'built' : 'unknown',
      web: /web app \(web\/dist\/\): up to date/.test(output) ? 'up to date' : /building the web app/.test(output) ? 'built' : 'unknown',
      install: /installing dependencies/.test(output) ? 'ran' : 'skipped',
      lastLines: lines.slice(-4),
    },
    null,
    2,
  ),
);
if (seconds === undefined) process.exit(1);
