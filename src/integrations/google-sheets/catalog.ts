import { entry, google } from '../catalog/data/build.js';

/** Google Sheets in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('docs_notes', 'google-sheets', 'Google Sheets', 'Spreadsheets, ranges and rows in Google Sheets.', 'https://sheets.google.com', 'https://developers.google.com/sheets/api/reference/rest', 'https://sheets.googleapis.com/v4', google(['https://www.googleapis.com/auth/spreadsheets']));
