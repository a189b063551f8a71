import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/index.js';

/** Zoom errors (developers.zoom.us/docs/api/errors): `{ code, message, errors?: [{ field, message }] }`. */
const zoomError = z.object({ code: z.number(), message: z.string(), errors: z.array(z.object({ field: z.string(), message: z.string() }).loose()).optional() }).loose();

export const readZoomFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const e = zoomError.safeParse(body).data;
  if (status === 401) return { ...(e ? { providerCode: String(e.code) } : {}), message: 'the sign-in is no longer valid; reconnect Zoom' };
  if (!e) return undefined;
  const text = `“${e.errors?.length ? e.errors.map((x) => `${x.field}: ${x.message}`).join('; ') : e.message.replace(/\.$/, '')}”`;
  // 3001: meeting not found; 1001: user not found.
  if (status === 404 || e.code === 3001 || e.code === 1001) return { code: 'integrations.http.not_found', providerCode: String(e.code), message: text };
  return { providerCode: String(e.code), message: text };
};

export const zoom = defineRestService({
  id: 'zoom',
  name: 'Zoom',
  auth: 'oauth2',
  readFault: readZoomFault,
  // "Light" APIs allow 30 requests/s, "medium" 20/s, per account.
  limits: { concurrency: 4, ratePerSecond: 10, burst: 20 },
  async check(client, signal) {
    const me = await client.call({ path: 'users/me', ...(signal ? { signal } : {}) }, z.object({ email: z.string().optional(), id: z.string() }).loose());
    return { accountLabel: me.email ?? me.id };
  },
});

export const zoomMeeting = z.object({ id: z.number(), uuid: z.string().optional(), topic: z.string(), type: z.number().optional(), start_time: z.string().optional(), duration: z.number().optional(), timezone: z.string().optional(), agenda: z.string().optional(), created_at: z.string().optional(), join_url: z.string().optional() }).loose();
export const meetingOut = z.object({ id: z.number(), topic: z.string(), startTime: z.string().nullable(), duration: z.number().nullable(), timezone: z.string().nullable(), agenda: z.string(), joinUrl: z.string().nullable(), createdAt: z.string().nullable() });
export const toMeeting = (m: z.output<typeof zoomMeeting>): z.input<typeof meetingOut> => ({ id: m.id, topic: m.topic, startTime: m.start_time ?? null, duration: m.duration ?? null, timezone: m.timezone ?? null, agenda: m.agenda ?? '', joinUrl: m.join_url ?? null, createdAt: m.created_at ?? null });
export const meetingList = z.object({ next_page_token: z.string().optional(), meetings: z.array(zoomMeeting) }).loose();
export const meetingId = z.number().int().positive().describe('The meeting number, as in its join link');
export const meetingFields = {
  startTime: z.iso.datetime({ offset: true }).optional().describe('When it starts (ISO time)'),
  duration: z.number().int().min(1).max(1440).optional().describe('Minutes'),
  timezone: z.string().max(64).optional(),
  agenda: z.string().max(2000).optional(),
};
