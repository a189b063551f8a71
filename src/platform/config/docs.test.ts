import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from './schema.js';

describe('docs/configuration.md', () => {
  it('documents every variable the schema reads', () => {
    const doc = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
    const missing = Object.keys(configSchema.shape).filter((k) => !doc.includes(`\`${k}\``));
    expect(missing).toEqual([]);
  });
});
