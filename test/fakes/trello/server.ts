import { startFakeService, type FakeService } from '../kit/fake-service.js';

/**
 * Trello REST fake (developer.atlassian.com/cloud/trello/rest): key + token in the OAuth-style Authorization
 * header (or key/token query), plain-text errors ("invalid token", "invalid id"), 429 on rate limits.
 */
export interface TrelloFake extends FakeService {
  cards: { id: string; idList: string; name: string; desc?: string; pos?: string }[];
  revoked: string[];
}

export async function startTrelloFake(): Promise<TrelloFake> {
  const state = { cards: [] as TrelloFake['cards'], revoked: [] as string[] };
  const fake = await startFakeService({
    readToken: (req) => /oauth_token="([^"]+)"/.exec(req.headers.authorization ?? '')?.[1] ?? (req.query as Record<string, string>)['token'],
    unauthorized: (reply) => reply.code(401).type('text/plain').send('invalid token'),
    routes(app) {
      app.get('/1/members/me', async () => ({ id: 'm1', username: 'ada' }));
      app.post('/1/cards', async (req, reply) => {
        const q = req.query as Record<string, string>;
        if (q['idList'] !== 'list-1') return reply.code(400).type('text/plain').send('invalid value for idList');
        const card = { id: `card${state.cards.length + 1}`, idList: q['idList'], name: q['name'] ?? '', ...(q['desc'] ? { desc: q['desc'] } : {}), ...(q['pos'] ? { pos: q['pos'] } : {}) };
        state.cards.push(card);
        return { ...card, url: `https://trello.com/c/${card.id}/x`, shortUrl: `https://trello.com/c/${card.id}` };
      });
      app.delete('/1/tokens/:token', async (req) => {
        state.revoked.push((req.params as { token: string }).token);
        return { _value: null };
      });
    },
  });
  return Object.assign(fake, state);
}
