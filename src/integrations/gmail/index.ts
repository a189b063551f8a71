import { registerServiceProfile } from '../profiles.js';
import { getEmail } from './actions/get-email.js';
import { searchEmails } from './actions/search-emails.js';
import { sendEmail } from './actions/send-email.js';
import { gmailProfile } from './auth.js';
import { newEmail } from './triggers/new-email.js';

registerServiceProfile(gmailProfile);

export const gmailActions = [sendEmail, searchEmails, getEmail];
export const gmailTriggers = [newEmail];
export { sendEmail, searchEmails, getEmail, newEmail };
