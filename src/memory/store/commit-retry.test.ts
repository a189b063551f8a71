import { describe, expect, it } from 'vitest';
import { isCommitConflict, retryCommitConflict } from './commit-retry.js';

// The message LanceDB gives when a compaction commits while an index build is finishing.
const lanceConflict = () => new Error('lance error: Retryable commit conflict for version 42: This CreateIndex transaction was preempted by concurrent transaction Rewrite at version 42. Please retry.');

describe('retryCommitConflict', () => {
  it('runs the operation again after a commit conflict and returns its result', async () => {
    const pauses: number[] = [];
    let calls = 0;
    const result = await retryCommitConflict(
      async () => {
        calls++;
        if (calls < 3) throw lanceConflict();
        return 'built';
      },
      { sleep: async (ms) => void pauses.push(ms) },
    );
    expect(result).toBe('built');
    expect(calls).toBe(3);
    expect(pauses).toEqual([50, 100]);
  });

  it('gives up after the last attempt with the conflict itself', async () => {
    let calls = 0;
    await expect(retryCommitConflict(async () => { calls++; throw lanceConflict(); }, { attempts: 3, sleep: async () => undefined })).rejects.toThrow(/Retryable commit conflict/);
    expect(calls).toBe(3);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    await expect(retryCommitConflict(async () => { calls++; throw new Error('Invalid user input: no such column vector2'); }, { sleep: async () => undefined })).rejects.toThrow(/no such column/);
    expect(calls).toBe(1);
    expect(isCommitConflict('Retryable commit conflict')).toBe(false); // only errors
  });
});
