import type { FastifyReply } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Zoom API v2 fake (developers.zoom.us/docs/api): meetings of `/users/me`, lists paged with `page_size` (max 300)
 * + `next_page_token` (an empty string on the last page), create answers 201 with the meeting, update is
 * PATCH → 204, errors `{ code, message, errors? }` (401 code 124 invalid token, 404 code 3001 no such meeting,
 * 400 code 300 invalid field), 429 code 429 with Retry-After.
 */
export interface ZoomMeeting {
  uuid: string;
  id: number;
  host_id: string;
  topic: string;
  type: number;
  start_time: string;
  duration: number;
  timezone: string;
  agenda: string;
  created_at: string;
  join_url: string;
}
export interface ZoomFake extends FakeService {
  meetings: ZoomMeeting[];
  schedule(topic: string, start: string): ZoomMeeting;
}

const fail = (reply: FastifyReply, status: number, code: number, message: string, errors?: { field: string; message: string }[]) => reply.code(status).send({ code, message, ...(errors ? { errors } : {}) });

export async function startZoomFake(): Promise<ZoomFake> {
  const meetings: ZoomMeeting[] = [];
  let clock = Date.parse('2026-01-01T00:00:00Z');
  let id = 81_000_000_000;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const schedule = (topic: string, start: string, extra: Partial<ZoomMeeting> = {}): ZoomMeeting => {
    const m: ZoomMeeting = { uuid: `uuid${meetings.length + 1}==`, id: ++id, host_id: 'HOST1', topic, type: 2, start_time: iso(Date.parse(start)), duration: 30, timezone: 'UTC', agenda: '', created_at: iso((clock += 1000)), join_url: `https://zoom.us/j/${id}`, ...extra };
    meetings.push(m);
    return m;
  };
  const check = (b: Partial<ZoomMeeting>, creating: boolean) => {
    const errors: { field: string; message: string }[] = [];
    if (creating && !b.topic) errors.push({ field: 'topic', message: 'Required field is missing.' });
    if (b.start_time !== undefined && Number.isNaN(Date.parse(b.start_time))) errors.push({ field: 'start_time', message: 'Invalid field.' });
    if (b.duration !== undefined && (!Number.isInteger(b.duration) || b.duration < 1)) errors.push({ field: 'duration', message: 'Invalid field.' });
    return errors;
  };

  const fake = await startFakeService({
    unauthorized: (reply) => fail(reply, 401, 124, 'Invalid access token.'),
    routes(app) {
      app.get('/users/me', async () => ({ id: 'HOST1', email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', account_id: 'ACC1', timezone: 'UTC' }));
      app.get('/users/me/meetings', async (req, reply) => {
        const q = req.query as Record<string, string>;
        const size = Number(q['page_size'] ?? 30);
        if (!Number.isInteger(size) || size < 1 || size > 300) return fail(reply, 400, 300, 'Invalid field.', [{ field: 'page_size', message: 'must be between 1 and 300' }]);
        const type = q['type'] ?? 'scheduled';
        if (!['scheduled', 'live', 'upcoming', 'upcoming_meetings', 'previous_meetings'].includes(type)) return fail(reply, 400, 300, 'Invalid field.', [{ field: 'type', message: 'Invalid meeting type' }]);
        const start = q['next_page_token'] ? Number(Buffer.from(q['next_page_token'], 'base64url').toString('utf8')) : 0;
        const slice = meetings.slice(start, start + size);
        const more = start + size < meetings.length;
        return { page_size: size, total_records: meetings.length, next_page_token: more ? Buffer.from(String(start + size)).toString('base64url') : '', meetings: slice };
      });
      app.get('/meetings/:id', async (req, reply) => {
        const m = meetings.find((x) => String(x.id) === (req.params as { id: string }).id);
        return m ?? fail(reply, 404, 3001, `Meeting does not exist: ${(req.params as { id: string }).id}.`);
      });
      app.post('/users/me/meetings', async (req, reply) => {
        const b = (req.body ?? {}) as Partial<ZoomMeeting>;
        const errors = check(b, true);
        if (errors.length) return fail(reply, 400, 300, 'Validation Failed.', errors);
        return reply.code(201).send(schedule(b.topic!, b.start_time ?? iso(clock + 86_400_000), { ...(b.duration ? { duration: b.duration } : {}), ...(b.timezone ? { timezone: b.timezone } : {}), ...(b.agenda ? { agenda: b.agenda } : {}) }));
      });
      app.patch('/meetings/:id', async (req, reply) => {
        const m = meetings.find((x) => String(x.id) === (req.params as { id: string }).id);
        if (!m) return fail(reply, 404, 3001, `Meeting does not exist: ${(req.params as { id: string }).id}.`);
        const b = (req.body ?? {}) as Partial<ZoomMeeting>;
        const errors = check(b, false);
        if (errors.length) return fail(reply, 400, 300, 'Validation Failed.', errors);
        for (const k of ['topic', 'start_time', 'duration', 'timezone', 'agenda'] as const) if (b[k] !== undefined) Object.assign(m, { [k]: k === 'start_time' ? iso(Date.parse(String(b[k]))) : b[k] });
        return reply.code(204).send();
      });
    },
  });
  return Object.assign(fake, { meetings, schedule: (topic: string, start: string) => schedule(topic, start) });
}
