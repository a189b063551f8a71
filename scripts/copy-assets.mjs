// tsc only emits JavaScript: copy the data files the server reads at run time (src/**/data/**, *.json
// next to modules, SQL) into dist/, keeping their paths. Test fixtures stay out.
import { cpSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { root } from './lib.mjs';

const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const skipDirs = new Set(['fixtures', '__fixtures__', 'testdata', 'testing']);
const isAsset = (name) => /\.(json|sql|txt|csv|html)$/i.test(name) && !/fixture|vectors|\.test\./i.test(name);

let copied = 0;
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (!skipDirs.has(name)) walk(full);
    } else if (isAsset(name)) {
      const target = path.join(dist, path.relative(src, full));
      mkdirSync(path.dirname(target), { recursive: true });
      cpSync(full, target);
      copied++;
    }
  }
};
walk(src);
console.log(`copied ${copied} data file(s) into dist/`);
