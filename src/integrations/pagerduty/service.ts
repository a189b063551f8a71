import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/index.js';

/** PagerDuty REST API v2 errors (developer.pagerduty.com/docs/errors): `{ error: { message, code, errors? } }`. */
const pdError = z.object({ error: z.object({ message: z.string(), code: z.number().optional(), errors: z.array(z.string()).optional() }).loose() });

export const readPagerDutyFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  if (status === 401) return { message: 'the API key is no longer valid; reconnect PagerDuty' };
  const e = pdError.safeParse(body).data;
  if (!e) return undefined;
  const text = `“${[e.error.message, ...(e.error.errors ?? [])].join(': ').replace(/\.$/, '')}”`;
  return { ...(status === 404 ? { code: 'integrations.http.not_found' as const } : {}), ...(e.error.code !== undefined ? { providerCode: String(e.error.code) } : {}), message: text };
};

/** PagerDuty REST API v2, a REST API key sent as `Authorization: Token token=<key>`. */
export const pagerduty = defineRestService({
  id: 'pagerduty',
  name: 'PagerDuty',
  auth: { apiKey: { header: 'Authorization', prefix: 'Token token=' } },
  readFault: readPagerDutyFault,
  // 960 requests a minute per key.
  limits: { concurrency: 4, ratePerSecond: 10, burst: 20 },
});

const accept = () => ({ accept: 'application/vnd.pagerduty+json;version=2' });
// Writes name the acting PagerDuty user by email (`From`), as the API requires for account-level keys.
const writeHeaders = (i: { fromEmail: string }) => ({ ...accept(), from: i.fromEmail });
const status = z.enum(['triggered', 'acknowledged', 'resolved']);
const urgency = z.enum(['high', 'low']);
const pdIncident = z.object({ id: z.string(), incident_number: z.number(), title: z.string(), status, urgency: urgency.optional(), created_at: z.string(), html_url: z.string().optional(), service: z.object({ id: z.string(), summary: z.string().optional() }).loose().optional() }).loose();
const incidentOut = z.object({ id: z.string(), number: z.number(), title: z.string(), status, urgency: urgency.nullable(), createdAt: z.string(), url: z.string().nullable(), serviceId: z.string().nullable() });
const toIncident = (i: z.output<typeof pdIncident>): z.input<typeof incidentOut> => ({ id: i.id, number: i.incident_number, title: i.title, status: i.status, urgency: i.urgency ?? null, createdAt: i.created_at, url: i.html_url ?? null, serviceId: i.service?.id ?? null });
const incidentPage = z.object({ incidents: z.array(pdIncident), more: z.boolean().optional() }).loose();
const one = z.object({ incident: pdIncident }).loose();
const pdId = z.string().regex(/^[A-Z0-9]{2,20}$/, { error: 'must be a PagerDuty id (like PABC123)' });
const fromEmail = z.email().describe('Email of the PagerDuty user the change is made as');

export const listIncidents = pagerduty.operation({
  id: 'pagerduty.list_incidents',
  title: 'List incidents',
  description: 'Lists PagerDuty incidents, by status.',
  aiDescription: 'Use to read PagerDuty incidents (open ones by default: triggered and acknowledged). At most `limit`.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ statuses: z.array(status).min(1).default(['triggered', 'acknowledged']), limit: z.number().int().min(1).max(1000).default(100) }),
  output: z.object({ incidents: z.array(incidentOut) }),
  path: () => 'incidents',
  query: (i) => ({ 'statuses[]': i.statuses.join(',') }),
  headers: accept,
  response: incidentPage,
  paginate: { style: 'offset', param: 'offset', sizeParam: 'limit', size: 100, items: (p) => p.incidents },
  maxItems: (i) => i.limit,
  map: (items) => ({ incidents: items.map(toIncident) }),
});

export const getIncident = pagerduty.operation({
  id: 'pagerduty.get_incident',
  title: 'Get an incident',
  description: 'Reads one PagerDuty incident.',
  aiDescription: 'Use to read one PagerDuty incident (title, status, urgency, service, link) by its id.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ incidentId: pdId }),
  output: incidentOut,
  path: (i) => `incidents/${encodeURIComponent(i.incidentId)}`,
  headers: accept,
  response: one,
  map: (a) => toIncident(a.incident),
});

export const createIncident = pagerduty.operation({
  id: 'pagerduty.create_incident',
  title: 'Create an incident',
  description: 'Opens a PagerDuty incident on a service, paging its on-call.',
  aiDescription: 'Use to open a PagerDuty incident on a service (by service id), which pages whoever is on call. Needs the acting user’s email (`fromEmail`).',
  idempotent: false,
  sideEffect: true,
  input: z.object({ fromEmail, serviceId: pdId, title: z.string().trim().min(1).max(1024), details: z.string().max(10000).optional(), urgency: urgency.optional() }),
  output: incidentOut,
  method: 'POST',
  path: () => 'incidents',
  headers: writeHeaders,
  body: (i) => ({ incident: { type: 'incident', title: i.title, service: { id: i.serviceId, type: 'service_reference' }, urgency: i.urgency, ...(i.details ? { body: { type: 'incident_body', details: i.details } } : {}) } }),
  response: one,
  map: (a) => toIncident(a.incident),
});

export const updateIncident = pagerduty.operation({
  id: 'pagerduty.update_incident',
  title: 'Update an incident',
  description: 'Acknowledges or resolves a PagerDuty incident, or changes its title or urgency.',
  aiDescription: 'Use to acknowledge or resolve a PagerDuty incident (`status`), or retitle it or change its urgency. Needs the acting user’s email (`fromEmail`).',
  idempotent: true,
  sideEffect: true,
  input: z.object({ fromEmail, incidentId: pdId, status: z.enum(['acknowledged', 'resolved']).optional(), title: z.string().trim().min(1).max(1024).optional(), urgency: urgency.optional() }),
  output: incidentOut,
  method: 'PUT',
  path: (i) => `incidents/${encodeURIComponent(i.incidentId)}`,
  headers: writeHeaders,
  body: (i) => ({ incident: { type: 'incident_reference', status: i.status, title: i.title, urgency: i.urgency } }),
  response: one,
  map: (a) => toIncident(a.incident),
});

export const newIncident = pagerduty.pollTrigger({
  id: 'pagerduty.new_incident',
  title: 'New incident',
  description: 'Starts when a PagerDuty incident is opened.',
  aiDescription: 'Use to react to new PagerDuty incidents (post to chat, open a ticket). Polls the newest open incidents; one created after the last seen is new.',
  config: z.object({}),
  event: incidentOut,
  list: { path: () => 'incidents', query: () => ({ 'statuses[]': 'triggered,acknowledged', sort_by: 'created_at:desc', limit: 100 }), headers: accept },
  response: incidentPage,
  items: (p) => p.incidents,
  cursor: { style: 'timestamp', at: (i) => i.created_at, id: (i) => i.id },
  toEvent: toIncident,
});

export const pagerdutyActions = [listIncidents, getIncident, createIncident, updateIncident];
export const pagerdutyTriggers = [newIncident];
