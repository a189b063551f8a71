import { entry, headerKey } from '../catalog/data/build.js';

/** Brevo in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('email', 'brevo', 'Brevo', 'Email, SMS and marketing automation (formerly Sendinblue).', 'https://www.brevo.com', 'https://developers.brevo.com/reference', 'https://api.brevo.com/v3', headerKey('api-key', 'SMTP & API > API Keys in Brevo.'));
