import { z } from 'zod';
import { fieldName, nextBatch, queryAnswer, rowOut, salesforce, sobjectType, toRow } from '../auth.js';

const at = (r: Record<string, unknown>) => new Date(String(r['CreatedDate'])).toISOString();

export const newRecord = salesforce.pollTrigger({
  id: 'salesforce.new_record',
  title: 'New record',
  description: 'Starts when a record of an object (Lead, Contact, Opportunity...) is created in Salesforce.',
  aiDescription: 'Use to react to new Salesforce records of one object (new leads, new opportunities). Polls SOQL by CreatedDate; the first poll only remembers the newest record. The event has Id, CreatedDate and the fields named in `fields`.',
  config: z.object({ object: sobjectType.default('Lead'), fields: z.array(fieldName).max(50).default(['Name']) }),
  event: rowOut,
  list: {
    path: () => 'query',
    query: ({ config, cursor }) => {
      const select = [...new Set(['Id', 'CreatedDate', ...config.fields])].join(', ');
      // First poll: only the newest record, to set the cursor. Later: everything from the cursor's time on.
      if (typeof cursor?.['after'] !== 'string') return { q: `SELECT ${select} FROM ${config.object} ORDER BY CreatedDate DESC LIMIT 1` };
      return { q: `SELECT ${select} FROM ${config.object} WHERE CreatedDate >= ${cursor['after'].replace(/\.\d{3}Z$/, 'Z')} ORDER BY CreatedDate ASC LIMIT 2000` };
    },
  },
  response: queryAnswer,
  items: (p) => p.records,
  paginate: { style: 'next-url', next: nextBatch },
  cursor: { style: 'timestamp', at: (r) => at(r), id: (r) => String(r['Id']) },
  toEvent: (r) => toRow(r),
  eventKey: (e) => String(e['Id']),
});
