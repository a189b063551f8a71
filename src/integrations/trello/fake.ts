import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Trello REST fake (developer.atlassian.com/cloud/trello/rest): key + token in the OAuth-style Authorization
 * header (or key/token query), plain-text errors ("invalid token", "invalid id"), 429 on rate limits. Ids are
 * 24-hex object ids whose first 8 digits are the creation time, as Trello's are. Writes take query parameters.
 */
export interface TrelloCard {
  id: string;
  idList: string;
  name: string;
  desc?: string;
  pos?: string;
  due?: string | null;
  closed?: boolean;
}
export interface TrelloFake extends FakeService {
  cards: TrelloCard[];
  revoked: string[];
  addCard(idList: string, name: string): TrelloCard;
}

export async function startTrelloFake(): Promise<TrelloFake> {
  const state = { cards: [] as TrelloCard[], revoked: [] as string[] };
  let n = 0;
  const objectId = () => `${Math.floor(Date.now() / 1000).toString(16).padStart(8, '0')}${(++n).toString(16).padStart(16, '0')}`;
  const add = (idList: string, name: string, extra: Partial<TrelloCard> = {}) => {
    const card: TrelloCard = { id: objectId(), idList, name, ...extra };
    state.cards.push(card);
    return card;
  };
  const out = (c: TrelloCard) => ({ id: c.id, idList: c.idList, name: c.name, desc: c.desc ?? '', due: c.due ?? null, closed: c.closed ?? false, url: `https://trello.com/c/${c.id}/x`, shortUrl: `https://trello.com/c/${c.id}`, idBoard: 'board-1' });
  const lists = new Set(['list-1', 'list-2']);
  const fake = await startFakeService({
    readToken: (req) => /oauth_token="([^"]+)"/.exec(req.headers.authorization ?? '')?.[1] ?? (req.query as Record<string, string>)['token'],
    unauthorized: (reply) => reply.code(401).type('text/plain').send('invalid token'),
    routes(app) {
      app.get('/1/members/me', async () => ({ id: 'm1', username: 'ada' }));
      app.post('/1/cards', async (req, reply) => {
        const q = req.query as Record<string, string>;
        if (!q['idList'] || !lists.has(q['idList'])) return reply.code(400).type('text/plain').send('invalid value for idList');
        return out(add(q['idList'], q['name'] ?? '', { ...(q['desc'] ? { desc: q['desc'] } : {}), ...(q['pos'] ? { pos: q['pos'] } : {}), ...(q['due'] ? { due: q['due'] } : {}) }));
      });
      app.get('/1/lists/:id/cards', async (req, reply) => {
        const id = (req.params as { id: string }).id;
        if (!lists.has(id)) return reply.code(404).type('text/plain').send('The requested resource was not found.');
        return state.cards.filter((c) => c.idList === id && !c.closed).map(out);
      });
      app.get('/1/cards/:id', async (req, reply) => {
        const c = state.cards.find((x) => x.id === (req.params as { id: string }).id);
        return c ? out(c) : reply.code(404).type('text/plain').send('The requested resource was not found.');
      });
      app.put('/1/cards/:id', async (req, reply) => {
        const c = state.cards.find((x) => x.id === (req.params as { id: string }).id);
        if (!c) return reply.code(404).type('text/plain').send('The requested resource was not found.');
        const q = req.query as Record<string, string>;
        if (q['idList'] && !lists.has(q['idList'])) return reply.code(400).type('text/plain').send('invalid value for idList');
        if (q['name'] !== undefined) c.name = q['name'];
        if (q['desc'] !== undefined) c.desc = q['desc'];
        if (q['idList']) c.idList = q['idList'];
        if (q['due'] !== undefined) c.due = q['due'] || null;
        if (q['closed'] !== undefined) c.closed = q['closed'] === 'true';
        return out(c);
      });
      app.get('/1/search', async (req, reply) => {
        const q = req.query as Record<string, string>;
        if (!q['query']) return reply.code(400).type('text/plain').send('invalid value for query');
        const words = q['query'].toLowerCase();
        return { options: { terms: [{ text: q['query'] }] }, cards: state.cards.filter((c) => `${c.name} ${c.desc ?? ''}`.toLowerCase().includes(words)).slice(0, Number(q['cards_limit'] ?? 10)).map(out) };
      });
      app.delete('/1/tokens/:token', async (req) => {
        state.revoked.push((req.params as { token: string }).token);
        return { _value: null };
      });
    },
  });
  return Object.assign(fake, state, { addCard: (idList: string, name: string) => add(idList, name) });
}
