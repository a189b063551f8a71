import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { allServices, findService } from './catalog.js';
import { serviceCategories, serviceEntrySchema } from './schema.js';

describe('service catalog data', () => {
  it('holds 180+ valid, unique entries across every category', () => {
    const services = allServices();
    expect(services.length).toBeGreaterThanOrEqual(180);
    for (const s of services) expect(serviceEntrySchema.safeParse(s).success).toBe(true);
    expect(new Set(services.map((s) => s.id)).size).toBe(services.length);
    for (const c of serviceCategories) expect(services.filter((s) => s.category === c).length).toBeGreaterThanOrEqual(5);
  });

  it('describes OAuth services with endpoints and default scopes', () => {
    const slack = findService('slack');
    expect(slack?.auth).toMatchObject({ kind: 'oauth2', authorizeUrl: 'https://slack.com/oauth/v2/authorize', provider: 'slack' });
    const gmail = findService('gmail');
    expect(gmail?.auth.kind === 'oauth2' && gmail.auth.scopes).toContain('https://www.googleapis.com/auth/gmail.send');
  });
});

type T = Awaited<ReturnType<typeof createTestApp>>;
describe('GET /api/integrations', () => {
  let t: T;
  const as = asPrincipal({ permissions: [] });
  beforeAll(async () => {
    t = await createTestApp('sqlite', { ATOM_INTEGRATIONS: JSON.stringify({ google: { clientId: 'g-client', clientSecret: 's' } }) }, { authenticator: testAuthenticator });
  });
  afterAll(() => t.cleanup());

  it('needs a signed-in caller', async () => {
    expect((await t.app.inject({ url: '/api/integrations' })).statusCode).toBe(401);
  });

  it('lists everything with category counts', async () => {
    const res = await t.app.inject({ url: '/api/integrations', headers: as });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ total: number; categories: { id: string; count: number }[] }>();
    expect(body.total).toBe(allServices().length);
    expect(body.categories.reduce((n, c) => n + c.count, 0)).toBe(allServices().length);
  });

  it('searches by name first, then description', async () => {
    const body = (await t.app.inject({ url: '/api/integrations?q=drive', headers: as })).json<{ items: { id: string }[] }>();
    expect(body.items[0]?.id).toBe('google-drive');
    const byText = (await t.app.inject({ url: '/api/integrations?q=payroll', headers: as })).json<{ items: { id: string }[] }>();
    expect(byText.items.map((i) => i.id)).toEqual(expect.arrayContaining(['gusto', 'deel']));
  });

  it('filters by category, auth kind and connectable', async () => {
    const chat = (await t.app.inject({ url: '/api/integrations?category=chat', headers: as })).json<{ items: { category: string }[] }>();
    expect(chat.items.length).toBeGreaterThan(5);
    expect(chat.items.every((i) => i.category === 'chat')).toBe(true);
    const keys = (await t.app.inject({ url: '/api/integrations?auth=api_key&category=ai', headers: as })).json<{ items: { authKind: string; id: string }[] }>();
    expect(keys.items.every((i) => i.authKind === 'api_key')).toBe(true);
    expect(keys.items.map((i) => i.id)).toContain('openai');
    const oauthReady = (await t.app.inject({ url: '/api/integrations?auth=oauth2&connectable=true', headers: as })).json<{ items: { id: string }[] }>();
    // Only Google's OAuth app is configured: its services are connectable, Slack is not.
    expect(oauthReady.items.map((i) => i.id)).toContain('gmail');
    expect(oauthReady.items.map((i) => i.id)).not.toContain('slack');
  });

  it('answers a bad filter with 400 naming the field', async () => {
    const res = await t.app.inject({ url: '/api/integrations?category=nope', headers: as });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('query.category');
  });

  it('shows one service with effective endpoints and never the client secret', async () => {
    const res = await t.app.inject({ url: '/api/integrations/gmail', headers: as });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ oauth: { configured: boolean; tokenUrl: string }; apiBaseUrl: string; catalogOnly: boolean; actions: unknown[] }>();
    expect(body.oauth).toMatchObject({ configured: true, tokenUrl: 'https://oauth2.googleapis.com/token' });
    expect(body.apiBaseUrl).toBe('https://gmail.googleapis.com/gmail/v1');
    expect(res.body).not.toContain('"s"');
    expect(body.catalogOnly).toBe(body.actions.length === 0);
    expect((await t.app.inject({ url: '/api/integrations/nope', headers: as })).statusCode).toBe(404);
  });

  it('says so explicitly when a service is catalog only', async () => {
    const body = (await t.app.inject({ url: '/api/integrations/bamboohr', headers: as })).json<{ catalogOnly: boolean; actions: unknown[]; triggers: unknown[] }>();
    expect(body).toMatchObject({ catalogOnly: true, actions: [], triggers: [] });
  });
});
