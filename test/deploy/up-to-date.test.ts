import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIfChanged, bundledSources, installNeeded, listInputs, readStamp } from '../../scripts/up-to-date.mjs';

/** scripts/up-to-date.mjs: what lets a second `npm start` (and `npm test`) skip builds and installs. */
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function checkout(files: Record<string, string>) {
  const root = mkdtempSync(path.join(tmpdir(), 'atom-up-to-date-'));
  dirs.push(root);
  const write = (rel: string, content: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  };
  for (const [rel, content] of Object.entries(files)) write(rel, content);
  return { root, write, remove: (rel: string) => rmSync(path.join(root, rel), { force: true }) };
}

describe('build stamp', () => {
  const project = () => {
    const c = checkout({ 'src/a.ts': 'export const a = 1;', 'src/b/c.ts': 'export const c = 2;', 'src/a.test.ts': 'test', 'tsconfig.json': '{}' });
    const builds: number[] = [];
    const build = (opts: { during?: () => void; fail?: boolean } = {}) =>
      buildIfChanged({
        root: c.root,
        what: 'server',
        output: 'dist/main.js',
        stampFile: path.join(c.root, 'dist', '.build-stamp'),
        inputs: () => listInputs(c.root, ['src', 'tsconfig.json'], { skipFile: (f) => f.endsWith('.test.ts') }),
        build: () => {
          opts.during?.();
          if (opts.fail) throw new Error('tsc failed');
          c.write('dist/main.js', 'built');
          builds.push(builds.length + 1);
        },
        log: () => {},
      });
    return { ...c, build, builds };
  };

  it('builds once, then skips an unchanged checkout', () => {
    const p = project();
    expect(p.build()).toBe(true);
    expect(p.build()).toBe(false);
    expect(p.builds).toEqual([1]);
    expect(readStamp(path.join(p.root, 'dist', '.build-stamp'))?.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rebuilds when a source changes, appears or goes, and when the output is missing', () => {
    const p = project();
    p.build();
    p.write('src/b/c.ts', 'export const c = 3;');
    expect(p.build()).toBe(true);
    p.write('src/b/new.ts', 'export {};');
    expect(p.build()).toBe(true);
    p.remove('src/b/new.ts');
    expect(p.build()).toBe(true);
    p.write('tsconfig.json', '{"strict":true}');
    expect(p.build()).toBe(true);
    p.remove('dist/main.js');
    expect(p.build()).toBe(true);
    expect(p.build()).toBe(false);
    expect(p.builds).toHaveLength(6);
  });

  it('does not rebuild for a file that is not an input (a test)', () => {
    const p = project();
    p.build();
    p.write('src/a.test.ts', 'changed');
    expect(p.build()).toBe(false);
  });

  it('leaves no stamp after a failed build, so the next start builds again', () => {
    const p = project();
    p.build();
    p.write('src/a.ts', 'broken');
    expect(() => p.build({ fail: true })).toThrow('tsc failed');
    p.write('dist/main.js', 'stale output');
    expect(p.build()).toBe(true);
  });

  it('stamps the inputs as they were when the build started: an edit during the build triggers the next one', () => {
    const p = project();
    p.build({ during: () => p.write('src/a.ts', 'edited while building') });
    expect(p.build()).toBe(true);
    expect(p.build()).toBe(false);
  });

  it('follows only the server modules the web bundle contains, as its source maps name them', () => {
    const c = checkout({
      'web/src/main.tsx': "import { model } from '../../src/collab/model';",
      'src/collab/model.ts': 'export const model = 1;',
      'src/server-only.ts': 'export {};',
    });
    let builds = 0;
    const webDist = path.join(c.root, 'web', 'dist');
    const build = () =>
      buildIfChanged({
        root: c.root,
        what: 'web app',
        output: 'web/dist/index.html',
        stampFile: path.join(webDist, '.build-stamp'),
        inputs: (bundled) => [...listInputs(c.root, ['web'], { skipDirs: ['dist'] }), ...(bundled ?? listInputs(c.root, ['src']))],
        bundled: () => bundledSources(c.root, webDist, ['web', 'node_modules']),
        build: () => {
          builds++;
          c.write('web/dist/index.html', '<!doctype html>');
          c.write('web/dist/assets/main.js.map', JSON.stringify({ version: 3, sources: ['../../src/main.tsx', '../../../src/collab/model.ts', '../../../node_modules/yjs/dist/yjs.mjs', '\0vite/preload-helper'] }));
        },
        log: () => {},
      });
    expect(build()).toBe(true);
    expect(readStamp(path.join(webDist, '.build-stamp'))?.bundled).toEqual(['src/collab/model.ts']);
    c.write('src/server-only.ts', 'export const changed = true;');
    expect(build()).toBe(false);
    c.write('src/collab/model.ts', 'export const model = 2;');
    expect(build()).toBe(true);
    c.write('web/src/main.tsx', '// edited');
    expect(build()).toBe(true);
    expect(builds).toBe(3);
  });
});

describe('install check', () => {
  const lock = (versions: Record<string, string>, root: Record<string, unknown> = { dependencies: { a: '^1.0.0' } }) => ({
    name: 'x',
    lockfileVersion: 3,
    packages: {
      '': root,
      ...Object.fromEntries(Object.entries(versions).map(([n, v]) => [`node_modules/${n}`, { version: v, integrity: `sha512-${n}${v}`, ...(n.startsWith('opt') ? { optional: true } : {}) }])),
    },
  });
  const installed = (locked: Record<string, string>, have: Record<string, string>, pkg: Record<string, unknown> = { dependencies: { a: '^1.0.0' } }) => {
    const c = checkout({
      'package.json': JSON.stringify({ name: 'x', ...pkg }),
      'package-lock.json': JSON.stringify(lock(locked)),
      'node_modules/.package-lock.json': JSON.stringify({ ...lock(have), packages: Object.fromEntries(Object.entries(lock(have).packages).filter(([k]) => k !== '')) }),
    });
    return installNeeded(c.root);
  };

  it('says nothing is needed when node_modules holds what the lock says (other platforms’ optional packages absent)', () => {
    expect(installed({ a: '1.0.0', 'opt-linux-arm': '2.0.0' }, { a: '1.0.0' })).toBeUndefined();
  });

  it('names what changed since the last install', () => {
    expect(installed({ a: '1.1.0' }, { a: '1.0.0' })).toBe('a is 1.0.0, package-lock.json says 1.1.0');
    expect(installed({ a: '1.0.0', b: '3.0.0' }, { a: '1.0.0' })).toBe('b is not installed');
    expect(installed({ a: '1.0.0' }, { a: '1.0.0', gone: '1.0.0' })).toBe('gone is installed but not in package-lock.json');
    expect(installed({ a: '1.0.0' }, { a: '1.0.0' }, { dependencies: { a: '^1.0.0', b: '^3.0.0' } })).toBe('package.json dependencies differ from package-lock.json');
  });

  it('needs an install without node_modules', () => {
    const c = checkout({ 'package.json': '{}', 'package-lock.json': JSON.stringify(lock({})) });
    expect(installNeeded(c.root)).toBe('node_modules is missing');
  });
});
