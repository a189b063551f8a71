import { entry } from '../catalog/data/build.js';

/** IMAP / SMTP mailbox in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('email', 'imap-smtp', 'IMAP / SMTP mailbox', 'Any mailbox reachable over IMAP and SMTP.', 'https://datatracker.ietf.org/doc/html/rfc9051', 'https://datatracker.ietf.org/doc/html/rfc9051', 'https://imap.example.com', { kind: 'server', hint: 'User name and (app) password, the SMTP and IMAP hosts and ports, and their TLS mode.' });
