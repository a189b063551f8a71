import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isAppError } from '../errors/index.js';
import { parseJsonColumn } from './json-column.js';

const caught = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
};

describe('parseJsonColumn', () => {
  it('answers the parsed value in the schema’s shape (defaults applied)', () => {
    const schema = z.object({ models: z.array(z.string()), enabled: z.boolean().default(true) });
    expect(parseJsonColumn(schema, '{"models":["a","b"]}', { column: 'ai_keys.models' })).toEqual({ models: ['a', 'b'], enabled: true });
  });

  it('names the column when the text is not JSON, without echoing the value', () => {
    const e = caught(() => parseJsonColumn(z.array(z.string()), '{secret', { column: 'ai_keys.models' }));
    expect(isAppError(e) && e.code).toBe('platform.db.json_column_invalid');
    expect((e as Error).message).toContain('ai_keys.models');
    expect((e as Error).message).not.toContain('secret');
  });

  it('names the column when the JSON has the wrong shape, with the zod issues as the cause', () => {
    const e = caught(() => parseJsonColumn(z.array(z.string()), '[1,2]', { column: 'comments.mentions' }));
    expect(isAppError(e) && e.status).toBe(500);
    expect((e as Error).message).toBe('Stored data in comments.mentions does not have the expected shape.');
    expect((e as Error).cause).toBeInstanceOf(z.ZodError);
  });
});
