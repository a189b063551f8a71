import { describe, expect, it } from 'vitest';
import { csvColumns, csvLine, type AuditEntryView } from './view.js';

const entry: AuditEntryView = {
  id: 'a1',
  workspaceId: 'ws',
  seq: 7,
  occurredAt: '2026-11-26T01:00:00.000Z',
  actor: { id: '=cmd|/c calc', type: 'user' },
  action: 'workflow.updated',
  target: { type: 'workflow', id: '+SUM(A1)' },
  outcome: 'success',
  ip: '@evil',
  userAgent: 'Mozilla, "quoted"',
  requestId: null,
  details: { note: 'line\nbreak' },
  prevHash: '0'.repeat(64),
  hash: 'f'.repeat(64),
};

describe('CSV export lines', () => {
  it('quotes per RFC 4180 and defuses cells a spreadsheet would run as formulas', () => {
    const line = csvLine(entry);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(line).toContain(",'=cmd|/c calc,");
    expect(line).toContain(",'+SUM(A1),");
    expect(line).toContain(",'@evil,");
    expect(line).toContain(',"Mozilla, ""quoted""",');
    expect(line).toContain(',"{""note"":""line\\nbreak""}",');
    expect(line.split(',').length).toBeGreaterThanOrEqual(csvColumns.length);
    expect(line.startsWith('7,2026-11-26T01:00:00.000Z,user,')).toBe(true);
  });
});
