import type { FastifyReply } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Pushover fake (pushover.net/api): the application token is the `token` parameter (query string here);
 * `POST /1/messages.json` (form) answers `{ status: 1, request }`; `POST /1/users/validate.json` answers
 * `{ status: 1, group, devices }` or 400 `{ user: "invalid", errors, status: 0 }`; `GET /1/sounds.json`.
 * A bad token is HTTP 400 `{ token: "invalid", errors: ["application token is invalid"], status: 0 }`.
 */
export interface PushoverFake extends FakeService {
  messages: Record<string, string>[];
  users: Record<string, { devices: string[]; group?: boolean }>;
}

export const PUSHOVER_USER = 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG';
const rid = () => `${Math.random().toString(16).slice(2, 10)}-req`;
const fail = (reply: FastifyReply, field: string, message: string) => reply.code(400).send({ [field]: 'invalid', errors: [message], status: 0, request: rid() });

export async function startPushoverFake(): Promise<PushoverFake> {
  const state = { messages: [] as Record<string, string>[], users: { [PUSHOVER_USER]: { devices: ['iphone', 'desktop'] } } as PushoverFake['users'] };
  const fake = await startFakeService({
    unauthorized: (reply) => reply.code(400).send({ token: 'invalid', errors: ['application token is invalid'], status: 0, request: rid() }),
    readToken: (req) => (req.query as Record<string, string | undefined>)['token'],
    routes(app) {
      app.get('/1/sounds.json', async () => ({ sounds: { pushover: 'Pushover (default)', bike: 'Bike', cosmic: 'Cosmic', none: 'None (silent)' }, status: 1, request: rid() }));
      app.post('/1/messages.json', async (req, reply) => {
        const b = (req.body ?? {}) as Record<string, string>;
        if (!b['user'] || !state.users[b['user']]) return fail(reply, 'user', 'user identifier is not a valid user, group, or subscribed user key');
        if (!b['message']) return fail(reply, 'message', 'message cannot be blank');
        if (b['device'] && !state.users[b['user']]!.devices.includes(b['device'])) return fail(reply, 'device', 'device name is not valid for user');
        state.messages.push(b);
        return { status: 1, request: rid() };
      });
      app.post('/1/users/validate.json', async (req, reply) => {
        const b = (req.body ?? {}) as Record<string, string>;
        const u = b['user'] ? state.users[b['user']] : undefined;
        if (!u) return fail(reply, 'user', 'user key is invalid');
        if (b['device'] && !u.devices.includes(b['device'])) return fail(reply, 'device', 'device name is not valid for user');
        return { status: 1, group: u.group ? 1 : 0, devices: u.devices, licenses: ['Android', 'iOS'], request: rid() };
      });
    },
  });
  return Object.assign(fake, state);
}
