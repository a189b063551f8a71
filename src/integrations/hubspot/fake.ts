import type { FastifyReply } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * HubSpot CRM v3 fake (developers.hubspot.com/docs/api/crm): objects `{ id, properties, createdAt, updatedAt,
 * archived }` under /crm/v3/objects/{contacts|companies|deals}, lists paged with `limit` + `after`
 * (`paging.next.after` while more remain), POST .../search with filterGroups (EQ, GT, GTE, CONTAINS_TOKEN) and
 * one sort, errors `{ status: 'error', message, correlationId, category }` (401 INVALID_AUTHENTICATION,
 * 404 OBJECT_NOT_FOUND, 400 VALIDATION_ERROR, 409 CONFLICT for a duplicate contact email).
 */
export interface HubspotObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}
export interface HubspotFake extends FakeService {
  objects: Record<'contacts' | 'companies' | 'deals', HubspotObject[]>;
  add(type: 'contacts' | 'companies' | 'deals', properties: Record<string, string>): HubspotObject;
}

const known: Record<string, string[]> = {
  contacts: ['email', 'firstname', 'lastname', 'phone', 'company', 'lifecyclestage', 'createdate', 'lastmodifieddate', 'hs_object_id'],
  companies: ['name', 'domain', 'industry', 'createdate', 'hs_object_id'],
  deals: ['dealname', 'amount', 'dealstage', 'pipeline', 'closedate', 'createdate', 'hs_object_id'],
};

const fail = (reply: FastifyReply, status: number, category: string, message: string) => reply.code(status).send({ status: 'error', message, correlationId: 'b8f0c6b2-0000-4000-8000-000000000000', category });

type Filter = { propertyName: string; operator: string; value?: string };

export async function startHubspotFake(): Promise<HubspotFake> {
  const objects: HubspotFake['objects'] = { contacts: [], companies: [], deals: [] };
  let n = 100;
  let clock = Date.parse('2026-01-01T00:00:00.000Z');
  const add = (type: keyof HubspotFake['objects'], properties: Record<string, string>): HubspotObject => {
    const at = new Date((clock += 1000)).toISOString();
    const id = String(++n);
    const o = { id, properties: { ...properties, createdate: at, lastmodifieddate: at, hs_object_id: id }, createdAt: at, updatedAt: at, archived: false };
    objects[type].push(o);
    return o;
  };
  const typeOf = (t: string) => (t in objects ? (t as keyof HubspotFake['objects']) : undefined);
  const view = (o: HubspotObject, props: string[] | undefined) => ({ ...o, properties: props ? Object.fromEntries(props.map((p) => [p, o.properties[p] ?? null])) : o.properties });
  const invalid = (type: string, props: Record<string, unknown>) => {
    const bad = Object.keys(props).filter((k) => !known[type]!.includes(k));
    if (bad.length) return `Property values were not valid: ${JSON.stringify(bad.map((name) => ({ isValid: false, message: `Property "${name}" does not exist`, error: 'PROPERTY_DOESNT_EXIST', name })))}`;
    if (type === 'contacts' && typeof props['email'] === 'string' && !/^[^@\s]+@[^@\s]+$/.test(props['email'])) return `Property values were not valid: [{"isValid":false,"message":"Email address ${props['email']} is invalid","error":"INVALID_EMAIL","name":"email"}]`;
    return undefined;
  };
  const test = (f: Filter) => (o: HubspotObject) => {
    const v = o.properties[f.propertyName] ?? '';
    const num = (x: string) => (/^\d+$/.test(x) ? Number(x) : Date.parse(x));
    switch (f.operator) {
      case 'EQ':
        return v.toLowerCase() === (f.value ?? '').toLowerCase();
      case 'GT':
        return num(v) > num(f.value ?? '');
      case 'GTE':
        return num(v) >= num(f.value ?? '');
      case 'CONTAINS_TOKEN':
        return v.toLowerCase().includes((f.value ?? '').replace(/\*/g, '').toLowerCase());
      default:
        return false;
    }
  };
  const page = (items: HubspotObject[], limit: number, after: string | undefined, props: string[] | undefined) => {
    const start = after ? Number(after) : 0;
    const slice = items.slice(start, start + limit);
    return { results: slice.map((o) => view(o, props)), ...(start + limit < items.length ? { paging: { next: { after: String(start + limit), link: `?after=${start + limit}` } } } : {}) };
  };

  const fake = await startFakeService({
    unauthorized: (reply) => fail(reply, 401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication.'),
    routes(app) {
      app.get('/account-info/v3/details', async () => ({ portalId: 4242, uiDomain: 'app.hubspot.com', companyCurrency: 'EUR' }));
      app.get('/crm/v3/objects/:type', async (req, reply) => {
        const type = typeOf((req.params as { type: string }).type);
        if (!type) return fail(reply, 400, 'VALIDATION_ERROR', 'Unable to infer object type from: ' + (req.params as { type: string }).type);
        const q = req.query as Record<string, string>;
        const limit = Number(q['limit'] ?? 10);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) return fail(reply, 400, 'VALIDATION_ERROR', 'limit must be between 1 and 100');
        return page(objects[type], limit, q['after'], q['properties']?.split(','));
      });
      app.get('/crm/v3/objects/:type/:id', async (req, reply) => {
        const { type, id } = req.params as { type: string; id: string };
        const t = typeOf(type);
        const o = t ? objects[t].find((x) => x.id === id) : undefined;
        const props = (req.query as Record<string, string>)['properties']?.split(',');
        return o ? view(o, props) : reply.code(404).send();
      });
      app.post('/crm/v3/objects/:type', async (req, reply) => {
        const type = typeOf((req.params as { type: string }).type);
        if (!type) return fail(reply, 400, 'VALIDATION_ERROR', 'Unable to infer object type');
        const props = ((req.body ?? {}) as { properties?: Record<string, string> }).properties ?? {};
        const why = invalid(type, props);
        if (why) return fail(reply, 400, 'VALIDATION_ERROR', why);
        const dup = type === 'contacts' && props['email'] ? objects.contacts.find((c) => c.properties['email'] === props['email']) : undefined;
        if (dup) return fail(reply, 409, 'CONFLICT', `Contact already exists. Existing ID: ${dup.id}`);
        return reply.code(201).send(add(type, props));
      });
      app.patch('/crm/v3/objects/:type/:id', async (req, reply) => {
        const { type, id } = req.params as { type: string; id: string };
        const t = typeOf(type);
        const o = t ? objects[t].find((x) => x.id === id) : undefined;
        if (!t || !o) return fail(reply, 404, 'OBJECT_NOT_FOUND', 'resource not found');
        const props = ((req.body ?? {}) as { properties?: Record<string, string> }).properties ?? {};
        const why = invalid(t, props);
        if (why) return fail(reply, 400, 'VALIDATION_ERROR', why);
        o.updatedAt = new Date((clock += 1000)).toISOString();
        o.properties = { ...o.properties, ...props, lastmodifieddate: o.updatedAt };
        return o;
      });
      app.post('/crm/v3/objects/:type/search', async (req, reply) => {
        const type = typeOf((req.params as { type: string }).type);
        if (!type) return fail(reply, 400, 'VALIDATION_ERROR', 'Unable to infer object type');
        const b = (req.body ?? {}) as { filterGroups?: { filters: Filter[] }[]; sorts?: { propertyName: string; direction?: string }[]; query?: string; properties?: string[]; limit?: number; after?: string };
        const limit = b.limit ?? 10;
        if (limit < 1 || limit > 200) return fail(reply, 400, 'VALIDATION_ERROR', 'limit must be between 1 and 200');
        let items = objects[type].filter((o) => !b.filterGroups?.length || b.filterGroups.some((g) => g.filters.every((f) => test(f)(o))));
        if (b.query) items = items.filter((o) => Object.values(o.properties).some((v) => (v ?? '').toLowerCase().includes(b.query!.toLowerCase())));
        const sort = b.sorts?.[0];
        if (sort) items = [...items].sort((x, y) => (x.properties[sort.propertyName] ?? '').localeCompare(y.properties[sort.propertyName] ?? '') * (sort.direction === 'DESCENDING' ? -1 : 1));
        return { total: items.length, ...page(items, limit, b.after, b.properties) };
      });
    },
  });
  return Object.assign(fake, { objects, add });
}
