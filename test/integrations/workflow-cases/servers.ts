import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { Redis } from 'ioredis';
import { startMailServers, type MailServers } from '../../fakes/mail/server.js';
import { startFakeOpenAI } from '../../fakes/openai/server.js';
import { startSftpServer, type SftpTestServer } from '../../../src/integrations/sftp/fake.js';
import { defineCases, type CaseConnection } from './types.js';

/*
 * The data stores against the real servers of this machine (PostgreSQL 127.0.0.1:5432 trust, MariaDB
 * 127.0.0.1:3306 root, Redis 127.0.0.1:6379), mail and SFTP against the in-process servers their own tests use,
 * an RSS feed served locally, model calls against the OpenAI fake. Each group uses its own table / key prefix and removes it.
 */
const suffix = `${process.pid}_${Date.now().toString(36)}`;

interface DataStores {
  pg: pg.Client;
  my: mysql.Connection;
  redis: Redis;
  pgTable: string;
  myTable: string;
  prefix: string;
}
const REDIS_DB = 13;

export const dataStores = defineCases<DataStores>({
  name: 'PostgreSQL, MySQL, Redis (real servers)',
  async start() {
    const s: DataStores = {
      pg: new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' }),
      my: await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' }),
      redis: new Redis({ host: '127.0.0.1', port: 6379, db: REDIS_DB }),
      pgTable: `atom_wf_pg_${suffix}`,
      myTable: `atom_wf_my_${suffix}`,
      prefix: `atom-wf-${suffix}:`,
    };
    await s.pg.connect();
    await s.pg.query(`CREATE TABLE ${s.pgTable} (id serial PRIMARY KEY, name text NOT NULL)`);
    await s.pg.query(`INSERT INTO ${s.pgTable} (name) VALUES ('ada')`);
    await s.my.query(`CREATE TABLE ${s.myTable} (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(200) NOT NULL)`);
    await s.my.query(`INSERT INTO ${s.myTable} (name) VALUES ('bolt')`);
    await s.redis.rpush(`${s.prefix}queue`, 'a', 'b');
    return s;
  },
  async stop(s) {
    await s.pg.query(`DROP TABLE IF EXISTS ${s.pgTable}`).catch(() => undefined);
    await s.pg.end();
    await s.my.query(`DROP TABLE IF EXISTS ${s.myTable}`).catch(() => undefined);
    await s.my.end();
    const keys = await s.redis.keys(`${s.prefix}*`);
    if (keys.length) await s.redis.del(...keys);
    s.redis.disconnect();
  },
  connections: (s): CaseConnection[] => [
    { serviceId: 'postgresql', credentials: { kind: 'settings', settings: { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' } } },
    { serviceId: 'mysql', credentials: { kind: 'settings', settings: { host: '127.0.0.1', port: 3306, database: 'test', user: 'root', password: '' } } },
    { serviceId: 'redis', credentials: { kind: 'settings', settings: { host: '127.0.0.1', port: 6379, db: REDIS_DB, keyPrefix: s.prefix } } },
  ],
  actions: {
    'postgresql.query': (s) => ({ sql: `SELECT name FROM ${s.pgTable} WHERE name = $1`, params: ['ada'] }),
    'postgresql.insert_rows': (s) => ({ table: s.pgTable, rows: [{ name: 'grace' }] }),
    'postgresql.update_rows': (s) => ({ table: s.pgTable, set: { name: 'ada lovelace' }, where: { name: 'ada' } }),
    'mysql.query': (s) => ({ sql: `SELECT name FROM ${s.myTable} WHERE name = ?`, params: ['bolt'] }),
    'mysql.insert_rows': (s) => ({ table: s.myTable, rows: [{ name: 'nut' }] }),
    'mysql.update_rows': (s) => ({ table: s.myTable, set: { name: 'big bolt' }, where: { name: 'bolt' } }),
    'redis.set': () => ({ key: 'greeting', value: 'hello', ttlSeconds: 600 }),
    'redis.get': () => ({ key: 'greeting' }),
    'redis.publish': () => ({ channel: 'events', message: 'deployed' }),
    'redis.list_push': () => ({ key: 'queue', values: ['c'] }),
    'redis.list_pop': () => ({ key: 'queue', count: 1 }),
  },
  triggers: {
    'postgresql.new_row': { config: (s) => ({ table: s.pgTable, column: 'id' }), produce: async (s) => void (await s.pg.query(`INSERT INTO ${s.pgTable} (name) VALUES ('linus')`)) },
    'mysql.new_row': { config: (s) => ({ table: s.myTable, column: 'id' }), produce: async (s) => void (await s.my.query(`INSERT INTO ${s.myTable} (name) VALUES ('washer')`)) },
  },
});

interface MailAndFeed {
  mail: MailServers;
  feed: Server;
  feedUrl: string;
  items: string[];
}

export const mailAndFeeds = defineCases<MailAndFeed>({
  name: 'IMAP/SMTP and RSS (local servers)',
  async start() {
    const items = ['post-1'];
    const feed = createServer((_req, res) => {
      const xml = items.map((g) => `<item><guid>${g}</guid><title>Title ${g}</title><link>https://blog.example.test/${g}</link></item>`).join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test blog</title><link>https://blog.example.test</link>${xml}</channel></rss>`);
    });
    await new Promise<void>((r) => feed.listen(0, '127.0.0.1', r));
    return { mail: await startMailServers(), feed, feedUrl: `http://127.0.0.1:${(feed.address() as AddressInfo).port}/feed.xml`, items };
  },
  async stop(s) {
    await s.mail.close();
    await new Promise((r) => s.feed.close(r));
  },
  connections: (s) => [
    { serviceId: 'imap-smtp', credentials: { kind: 'settings', settings: { user: s.mail.user, password: s.mail.password, from: s.mail.user, smtpHost: '127.0.0.1', smtpPort: s.mail.smtpPort, smtpSecurity: 'none', imapHost: '127.0.0.1', imapPort: s.mail.imapPort, imapSecurity: 'none' } } },
  ],
  actions: {
    'imap_smtp.send_email': () => ({ to: ['ops@example.test'], subject: 'Deploy 1.2', text: 'Version 1.2 is live.' }),
  },
  triggers: {
    'imap_smtp.new_email': { config: () => ({ mailbox: 'INBOX' }), produce: (s) => s.mail.deliver('From: ada@example.test\r\nTo: ops@example.test\r\nSubject: Printer on fire\r\n\r\nSecond floor.') },
    'rss.new_item': { config: (s) => ({ url: s.feedUrl }), produce: (s) => void s.items.unshift('post-2') },
  },
});

export const sftp = defineCases<SftpTestServer>({
  name: 'SFTP (local server)',
  async start() {
    const server = await startSftpServer();
    fs.writeFileSync(path.join(server.root, 'existing.csv'), 'a,b\n1,2\n');
    return server;
  },
  stop: (s) => s.close(),
  connections: (s) => [{ serviceId: 'sftp', credentials: { kind: 'settings', settings: { host: '127.0.0.1', port: s.port, username: s.user, password: s.password, hostKeySha256: s.hostKeySha256 } } }],
  actions: {
    'sftp.list': () => ({ path: '.' }),
    'sftp.get': () => ({ path: 'existing.csv' }),
    'sftp.put': () => ({ path: 'out/report.txt', content: 'total: 3', createFolders: true }),
  },
});

const KEY = 'sk-compatible-0123456789abcdef';

export const models = defineCases<Awaited<ReturnType<typeof startFakeOpenAI>>>({
  name: 'OpenAI-compatible model calls',
  async start() {
    const openai = await startFakeOpenAI({ keys: [KEY] });
    // Replies in the order the actions run below: a summary, then the JSON generate_json must parse.
    openai.script({ text: 'The customer wants a refund.' }, { text: '{"priority":"high","team":"billing"}' });
    return openai;
  },
  stop: (openai) => openai.close(),
  connections: (openai) => [{ serviceId: 'openai-compatible', credentials: { kind: 'settings', settings: { baseUrl: `${openai.url}/v1`, apiKey: KEY, defaultModel: 'gpt-4o-mini' } } }],
  actions: {
    'openai_compatible.chat_completion': () => ({ system: 'Be brief.', prompt: 'Summarise: I want my money back', temperature: 0 }),
    'openai_compatible.generate_json': () => ({ prompt: 'Classify as JSON {priority, team}: refund request', model: 'gpt-4.1-mini' }),
    'openai_compatible.list_models': () => ({}),
  },
});
