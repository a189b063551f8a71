// Time of `npm start` until GET /health answers, in a checkout (default: this one). Stops the server after.
//   npx tsx bench/start-up/run.ts [--dir <checkout>] [--port 5391]
// Prints the seconds, the CPU seconds the start used (on a shared machine the wall time mostly measures
// the other work), which builds ran, and the last lines the terminal showed.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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
let cpuSeconds: number | undefined;
const deadline = started + 20 * 60_000;
while (performance.now() < deadline && child.exitCode === null) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
    if (res.ok) {
      seconds = (performance.now() - started) / 1000;
      cpuSeconds = groupCpuSeconds(child.pid ?? 0);
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
      cpuSeconds: cpuSeconds === undefined ? null : Math.round(cpuSeconds * 10) / 10,
      loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
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

/** User + system CPU of every process in the group, with the children they have already waited for (Linux). */
function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      // Fields after the command name (which may hold spaces): state is 3rd, pgrp 5th, utime..cstime 14th-17th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      if (Number(fields[2]) !== pgid) continue;
      ticks += fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / 100; // USER_HZ
}
