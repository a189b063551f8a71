import { readGoogleFault } from '../google/common.js';
import { defineRestService } from '../kit/index.js';

/**
 * Google Sheets API v4 (developers.google.com/sheets/api/reference/rest), scope `spreadsheets`. Quotas are
 * per minute (300 per project, 60 per user); beyond them Google answers 429 and the client waits it out.
 */
export const sheets = defineRestService({
  id: 'google-sheets',
  name: 'Google Sheets',
  auth: 'oauth2',
  readFault: readGoogleFault,
  limits: { concurrency: 4, ratePerSecond: 5, burst: 60 },
});
