import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTrelloFake, type TrelloFake } from './fake.js';
import { pieceHarness, type PieceHarness } from '../testing/harness.js';
import { createCard } from './index.js';

let fake: TrelloFake;
let h: PieceHarness;
beforeAll(async () => {
  fake = await startTrelloFake();
  h = await pieceHarness({ serviceId: 'trello', fake, basePath: '/1', credentials: (f) => ({ kind: 'trello', apiKey: 'atom-client', token: f.issue() }) });
});
afterAll(async () => {
  await h.cleanup();
  await fake.close();
});

describe('Trello create card', () => {
  it('creates a card with key and token in the Authorization header', async () => {
    const card = await h.run(createCard, { listId: 'list-1', name: 'Call Ada', description: 'about Q3', position: 'top' });
    expect(card).toEqual({ id: expect.stringMatching(/^[0-9a-f]{24}$/), url: `https://trello.com/c/${card.id}` });
    expect(fake.requests.at(-1)?.headers.authorization).toMatch(/^OAuth oauth_consumer_key="atom-client", oauth_token="tok-/);
    expect(fake.requests.at(-1)?.path).not.toContain('token=');
  });
  it('reports Trello’s plain-text errors', async () => {
    await expect(h.run(createCard, { listId: 'nope', name: 'x' })).rejects.toMatchObject({ message: 'Trello says “invalid value for idList”.' });
  });
  it('an invalid token is a clear reconnect error (Trello tokens cannot be refreshed)', async () => {
    fake.expireAll();
    await expect(h.run(createCard, { listId: 'list-1', name: 'x' })).rejects.toMatchObject({ code: 'integrations.http.unauthorized', message: 'Trello says the token is not valid; reconnect Trello.' });
    expect(fake.tokenRequests).toEqual([]);
  });
});
