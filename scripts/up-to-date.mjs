// Up-to-date checks for `npm start` and `npm test`, so an unchanged checkout starts without rebuilding.
// A build leaves a stamp beside its output: a digest of the contents of its inputs. Contents rather than
// modification times, because a branch switch or a fresh clone touches every file without changing one.
// Plain Node, no dependencies: this runs before `npm install`.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The files under `entries` (files or folders, relative to `root`), as root-relative paths with `/`
 * separators. Folders named in `skipDirs` and files `skipFile` accepts are left out; an entry that does
 * not exist is listed anyway, so that its appearing later changes the digest.
 */
export function listInputs(root, entries, { skipDirs = [], skipFile = () => false } = {}) {
  const skip = new Set(skipDirs);
  const files = [];
  const walk = (rel) => {
    const full = path.join(root, rel);
    if (!existsSync(full)) files.push(rel);
    else if (statSync(full).isDirectory()) {
      for (const name of readdirSync(full)) if (!skip.has(name)) walk(`${rel}/${name}`);
    } else if (!skipFile(rel)) files.push(rel);
  };
  for (const entry of entries) walk(entry);
  return files;
}

/** sha256 of each file's content ('missing' for a file that is not there). */
export function hashFiles(root, files) {
  const hashes = new Map();
  for (const rel of files) {
    const full = path.join(root, rel);
    hashes.set(rel, existsSync(full) ? createHash('sha256').update(readFileSync(full)).digest('hex') : 'missing');
  }
  return hashes;
}

/** One digest over the files' paths and contents, in a stable order; `known` supplies hashes taken earlier. */
export function inputsDigest(root, files, known = new Map()) {
  const sorted = [...new Set(files)].sort();
  const missing = sorted.filter((f) => !known.has(f));
  const hashes = new Map([...known, ...hashFiles(root, missing)]);
  return createHash('sha256')
    .update(sorted.map((f) => `${f}\0${hashes.get(f)}\n`).join(''))
    .digest('hex');
}

/** The stamp a successful build left, or undefined (never built, or the last build failed). */
export function readStamp(stampFile) {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Runs `build()` unless `output` exists and its stamp matches the current inputs; returns whether it
 * built. `inputs(bundled)` lists the input files: `bundled` is what the last build reported through
 * `bundled()` (the server modules the web bundle contains), undefined before a first build, when
 * `inputs` must cover every candidate. The stamp is removed before building and written after success
 * with the contents as they were when the build started, so an edit made during a build triggers the
 * next one.
 */
export function buildIfChanged({ root, what, output, stampFile, inputs, build, bundled = () => undefined, log = console.log }) {
  const stamp = readStamp(stampFile);
  if (stamp && existsSync(path.join(root, output)) && stamp.digest === inputsDigest(root, inputs(stamp.bundled))) {
    log(`\n▶ ${what}: up to date, not rebuilt (built ${stamp.builtAt})`);
    return false;
  }
  const before = hashFiles(root, [...new Set(inputs(undefined))]);
  rmSync(stampFile, { force: true });
  build();
  const found = bundled();
  const next = { digest: inputsDigest(root, inputs(found), before), ...(found ? { bundled: found } : {}), builtAt: new Date().toISOString() };
  writeFileSync(stampFile, `${JSON.stringify(next, null, 2)}\n`);
  return true;
}

/**
 * The source files outside `root/exclude` folders that a bundle in `dir` was made from, read from its
 * source maps; undefined when there are no source maps to read (then every candidate stays an input).
 */
export function bundledSources(root, dir, exclude) {
  const maps = listInputs(root, [path.relative(root, dir)], { skipFile: (f) => !f.endsWith('.map') }).filter((f) => f.endsWith('.map'));
  if (maps.length === 0) return undefined;
  const sources = new Set();
  for (const map of maps) {
    const { sources: list = [], sourceRoot = '' } = JSON.parse(readFileSync(path.join(root, map), 'utf8'));
    for (const s of list) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(s) || s.startsWith('\0')) continue; // virtual modules
      const rel = path.relative(root, path.resolve(root, path.dirname(map), sourceRoot, s)).split(path.sep).join('/');
      if (rel.startsWith('..') || exclude.some((e) => rel === e || rel.startsWith(`${e}/`))) continue;
      if (existsSync(path.join(root, rel))) sources.add(rel);
    }
  }
  return [...sources].sort();
}

/**
 * Why `npm install` is needed, or undefined when node_modules already holds what package-lock.json
 * says. npm records the installed tree in node_modules/.package-lock.json: every locked package must be
 * there at the same version and integrity (optional ones may be missing: they are for other platforms),
 * nothing else may be, and package.json must ask for what the lock was made from.
 */
export function installNeeded(root) {
  const read = (f) => JSON.parse(readFileSync(path.join(root, f), 'utf8'));
  if (!existsSync(path.join(root, 'node_modules', '.package-lock.json'))) return 'node_modules is missing';
  if (!existsSync(path.join(root, 'package-lock.json'))) return 'package-lock.json is missing';
  const lock = read('package-lock.json').packages ?? {};
  const installed = read('node_modules/.package-lock.json').packages ?? {};
  const manifest = read('package.json');
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    if (!sameEntries(manifest[field], lock['']?.[field])) return `package.json ${field} differ from package-lock.json`;
  }
  for (const [name, locked] of Object.entries(lock)) {
    if (name === '') continue;
    const have = installed[name];
    if (!have) {
      if (locked.optional) continue;
      return `${name.replace(/^node_modules\//, '')} is not installed`;
    }
    if (have.version !== locked.version || have.integrity !== locked.integrity) return `${name.replace(/^node_modules\//, '')} is ${have.version}, package-lock.json says ${locked.version}`;
  }
  const extra = Object.keys(installed).find((name) => !(name in lock));
  return extra ? `${extra.replace(/^node_modules\//, '')} is installed but not in package-lock.json` : undefined;
}

const sameEntries = (a = {}, b = {}) => Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);
