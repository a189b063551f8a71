// hoodiecrow-imap ships no types: the part of its API the mail server of the tests uses.
declare module 'hoodiecrow-imap' {
  import type { Server } from 'node:net';
  interface HoodiecrowOptions {
    plugins?: string[];
    users?: Record<string, { password: string }>;
    storage?: Record<string, { messages?: { raw: string; internaldate?: string; flags?: string[] }[] }>;
  }
  interface Hoodiecrow {
    server: Server;
    listen(port: number, host: string, cb: () => void): void;
    close(cb?: () => void): void;
    appendMessage(mailbox: string, flags: string[], internaldate: Date | string, raw: string): void;
  }
  export default function hoodiecrow(options: HoodiecrowOptions): Hoodiecrow;
}
