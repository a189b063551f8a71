import type { AddressInfo } from 'node:net';
import hoodiecrow from 'hoodiecrow-imap';
import { SMTPServer } from 'smtp-server';

export interface MailServers {
  smtpPort: number;
  imapPort: number;
  user: string;
  password: string;
  /** Every message the SMTP server accepted, raw, with its envelope. */
  received: { from: string; to: string[]; raw: string }[];
  /** Puts a message into the user's INBOX, as a delivery would. */
  deliver(raw: string): void;
  close(): Promise<void>;
}

/**
 * A local mail system for tests: a real SMTP server (smtp-server, Nodemailer's project) that requires
 * AUTH PLAIN/LOGIN and delivers what it accepts into a real IMAP server in the same process
 * (hoodiecrow-imap), which imapflow reads like any IMAP server. Plain TCP on 127.0.0.1.
 */
export async function startMailServers(o: { user?: string; password?: string } = {}): Promise<MailServers> {
  const user = o.user ?? 'robot@example.test';
  const password = o.password ?? 'mail-pass-1234';
  const received: MailServers['received'] = [];
  const imap = hoodiecrow({ plugins: ['ID', 'AUTH-PLAIN', 'NAMESPACE', 'IDLE', 'ENABLE', 'UNSELECT', 'LITERALPLUS'], users: { [user]: { password } }, storage: { INBOX: { messages: [] } } });
  await new Promise<void>((r) => imap.listen(0, '127.0.0.1', r));
  const deliver = (raw: string) => imap.appendMessage('INBOX', [], new Date(), raw);
  const smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, cb) {
      if (auth.username === user && auth.password === password) cb(null, { user });
      else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        deliver(raw);
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  return {
    smtpPort: (smtp.server.address() as AddressInfo).port,
    imapPort: (imap.server.address() as AddressInfo).port,
    user,
    password,
    received,
    deliver,
    close: async () => {
      await new Promise<void>((r) => smtp.close(() => r()));
      await new Promise<void>((r) => imap.close(() => r()));
    },
  };
}
