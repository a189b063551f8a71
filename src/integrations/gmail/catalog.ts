import { entry, google } from '../catalog/data/build.js';

/** Gmail in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('email', 'gmail', 'Gmail', 'Read, search and send email in Gmail and Google Workspace.', 'https://mail.google.com', 'https://developers.google.com/gmail/api/reference/rest', 'https://gmail.googleapis.com/gmail/v1', google(['https://www.googleapis.com/auth/gmail.modify', 'https://www.googleapis.com/auth/gmail.send']));
