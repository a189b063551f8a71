import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, dialects, type TestContext } from '../../../test/support/context.js';
import { oauthServerStore } from './grant-repository.js';

describe.each(dialects)('OAuth server store on %s', (dialect) => {
  let t: TestContext | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('redeems a code once, rotates refresh tokens, ends a grant on reuse, and stores only hashes', async () => {
    t = await createTestContext(dialect);
    const store = oauthServerStore(t.ctx.db);
    const client = await store.registerClient({ name: 'c', redirectUris: ['https://c.example/cb'], metadata: {} });
    const clientId = String(client['client_id']);
    const grantInput = { client_id: clientId, user_id: 'u1', workspace_id: 'w1', role: 'member', resource: 'https://atom.example/mcp', scope: 'mcp' };
    const code = await store.createCode({ ...grantInput, redirect_uri: 'https://c.example/cb', code_challenge: 'x'.repeat(43) });
    const first = await store.redeemCode(code);
    expect(first.kind).toBe('ok');
    if (first.kind !== 'ok') return;
    const issued = await store.createGrant(first.grantId, grantInput);
    expect((await store.resolveAccess(issued.accessToken))?.id).toBe(first.grantId);
    const rotated = await store.refresh(issued.refreshToken, clientId);
    expect(rotated.kind).toBe('ok');
    if (rotated.kind !== 'ok') return;
    expect(await store.resolveAccess(issued.accessToken)).toBeUndefined();
    expect(await store.refresh(issued.refreshToken, 'another-client')).toEqual({ kind: 'invalid' });
    expect((await store.refresh(issued.refreshToken, clientId)).kind).toBe('reused');
    expect(await store.resolveAccess(rotated.tokens.accessToken)).toBeUndefined();
    // A second redemption of the code: refused (its grant is gone already).
    expect((await store.redeemCode(code)).kind).toBe('reused');
    const again = await store.createGrant('g2', grantInput);
    expect(JSON.stringify(await t.ctx.db.selectFrom('auth_oauth_grants').selectAll().execute())).not.toContain(again.accessToken);
    expect(await store.list('w1', 'u1')).toEqual([expect.objectContaining({ id: 'g2', clientName: 'c', role: 'member' })]);
    expect(await store.revokeByToken(again.refreshToken, 'another-client')).toBeUndefined();
    expect((await store.revokeByToken(again.refreshToken, clientId))?.id).toBe('g2');
    expect(await store.list('w1', 'u1')).toEqual([]);
  });
});
