import { z } from 'zod';
import { AppError } from '../../platform/index.js';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/index.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';

/**
 * Pushover (pushover.net/api): the application token is a `token` parameter of every call (sent in the query
 * string, never in a body we log). Errors are HTTP 4xx with `{ status: 0, errors: [...], request }`, plus a
 * field named after the bad parameter (`"token": "invalid"`, `"user": "invalid"`); a bad token is a 400, not a 401.
 */
const pushoverError = z.object({ status: z.number(), errors: z.array(z.string()).default([]), token: z.string().optional() }).loose();
export const readPushoverFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const e = pushoverError.safeParse(body).data;
  if (!e) return undefined;
  if (e.token === 'invalid' || status === 401) return { code: 'integrations.http.unauthorized', message: 'the application token is not valid; reconnect Pushover' };
  return e.errors.length ? { message: `“${e.errors.join('; ')}”` } : undefined;
};

export const pushover = defineRestService({
  id: 'pushover',
  name: 'Pushover',
  auth: { apiKey: { query: 'token' } },
  readFault: readPushoverFault,
  // Pushover counts 10,000 messages a month per application; it asks not to send more than 2 at once.
  limits: { concurrency: 2, ratePerSecond: 2, burst: 4 },
  async check(client, signal) {
    await client.call({ path: 'sounds.json', ...(signal ? { signal } : {}) }, z.object({ status: z.literal(1) }).loose());
    return {};
  },
});

const userKey = z.string().regex(/^[A-Za-z0-9]{30}$/, 'a 30-character user or group key');

export const sendMessage = pushover.operation({
  id: 'pushover.send_message',
  title: 'Send a notification',
  description: 'Pushes a message to a Pushover user or group (all their devices, or one).',
  aiDescription: 'Use to push a short notification to someone’s phone or desktop through Pushover: user is their 30-character user or group key, message up to 1,024 characters, optional title, url, priority (-2 quiet … 1 high; 2 emergency is not offered) and sound (see pushover.list_sounds). Each call notifies: it is not retried once accepted.',
  idempotent: false,
  sideEffect: true,
  method: 'POST',
  path: () => 'messages.json',
  input: z.object({
    user: userKey,
    message: z.string().min(1).max(1024),
    title: z.string().max(250).optional(),
    url: z.url().max(512).optional(),
    urlTitle: z.string().max(100).optional(),
    priority: z.number().int().min(-2).max(1).default(0),
    sound: z.string().max(50).optional(),
    device: z.string().max(25).optional(),
    html: z.boolean().default(false),
  }),
  output: z.object({ request: z.string() }),
  form: (i) => ({
    user: i.user,
    message: i.message,
    priority: String(i.priority),
    ...(i.title ? { title: i.title } : {}),
    ...(i.url ? { url: i.url } : {}),
    ...(i.urlTitle ? { url_title: i.urlTitle } : {}),
    ...(i.sound ? { sound: i.sound } : {}),
    ...(i.device ? { device: i.device } : {}),
    ...(i.html ? { html: '1' } : {}),
  }),
  response: z.object({ status: z.literal(1), request: z.string() }).loose(),
  map: (a) => ({ request: a.request }),
});

export const validateUser = pushover.operation({
  id: 'pushover.validate_user',
  title: 'Check a user key',
  description: 'Checks that a user or group key is valid (and has active devices) before sending to it.',
  aiDescription: 'Use to check a Pushover user or group key (optionally one device name) before sending; an invalid key answers valid: false rather than failing.',
  idempotent: true,
  sideEffect: false,
  method: 'POST',
  input: z.object({ user: userKey, device: z.string().max(25).optional() }),
  output: z.object({ valid: z.boolean(), isGroup: z.boolean(), devices: z.array(z.string()), reason: z.string().nullable() }),
  async run({ client, signal }, i) {
    const form = new URLSearchParams({ user: i.user, ...(i.device ? { device: i.device } : {}) }).toString();
    try {
      const res = await client.request({ method: 'POST', path: 'users/validate.json', body: form, contentType: 'application/x-www-form-urlencoded', idempotent: true, signal });
      const body = z.object({ status: z.literal(1), group: z.number().optional(), devices: z.array(z.string()).optional() }).loose().parse(res.body);
      return { valid: true, isGroup: body.group === 1, devices: body.devices ?? [], reason: null };
    } catch (e) {
      // An unknown key or device is Pushover's 400 with `user: "invalid"`: an answer here, not a failure.
      if (e instanceof AppError && e.code === 'integrations.http.bad_request') return { valid: false, isGroup: false, devices: [], reason: e.message };
      throw e;
    }
  },
});

export const listSounds = pushover.operation({
  id: 'pushover.list_sounds',
  title: 'List notification sounds',
  description: 'Lists the sounds a notification can play (built-in and the account’s custom ones).',
  aiDescription: 'Use to find the sound id to pass to pushover.send_message (optionally only names containing nameContains).',
  idempotent: true,
  sideEffect: false,
  path: () => 'sounds.json',
  input: z.object({ nameContains: z.string().min(1).max(50).optional() }),
  output: z.object({ sounds: z.array(z.object({ id: z.string(), name: z.string() })) }),
  response: z.object({ status: z.literal(1), sounds: z.record(z.string(), z.string()) }).loose(),
  map: (a, i) => ({ sounds: Object.entries(a.sounds).map(([id, name]) => ({ id, name })).filter((s) => !i.nameContains || s.name.toLowerCase().includes(i.nameContains.toLowerCase())) }),
});

export const pushoverActions = [sendMessage, validateUser, listSounds];

/** Pushover, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const pushoverIntegration = defineIntegration({ catalog, kit: pushover, actions: pushoverActions });
