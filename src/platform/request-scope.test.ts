import { describe, expect, it } from 'vitest';
import { createRequestScope, forgetInRequest, inRequest, withinRequestScope } from './request-scope.js';

describe('request scope', () => {
  it('reads once per request, never across requests or outside one', async () => {
    let loads = 0;
    const read = () => inRequest('settings:ws1', async () => ++loads);
    const a = createRequestScope(0);
    expect(await withinRequestScope(a, async () => [await read(), await read(), await read()])).toEqual([1, 1, 1]);
    // Another request reads afresh: a change made between two requests is always seen.
    expect(await withinRequestScope(createRequestScope(0), read)).toBe(2);
    // Outside a request (a job, a scheduler) nothing is remembered.
    expect(await read()).toBe(3);
    expect(await read()).toBe(4);
  });

  it('reads again after a write in the same request, and after a failed read', async () => {
    let loads = 0;
    let fail = true;
    const read = () =>
      inRequest('ai_keys:ws1:u1', async () => {
        loads++;
        if (fail) throw new Error('database unreachable');
        return loads;
      });
    await withinRequestScope(createRequestScope(0), async () => {
      await expect(read()).rejects.toThrow('database unreachable');
      fail = false;
      expect(await read()).toBe(2);
      expect(await read()).toBe(2);
      forgetInRequest('ai_keys:ws1:');
      expect(await read()).toBe(3);
      // Another workspace's prefix leaves this one alone.
      forgetInRequest('ai_keys:ws2:');
      expect(await read()).toBe(3);
    });
  });
});
