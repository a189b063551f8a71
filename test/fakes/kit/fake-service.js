import Fastify, {} from 'fastify';
/**
 * The shared skeleton of every service fake: token checking, a token endpoint for refreshes, a request log
 * and fault injection (status with headers such as Retry-After, hang, dropped connection, expired token).
 * Each service's folder adds the routes and error shapes of its published API.
 */
export async function startFakeService(o) {
    const app = Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024 });
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
    let n = 0;
    const tokenPath = o.tokenPath ?? '/oauth/token';
    const fake = {
        url: '',
        app,
        tokens: new Set(),
        refreshTokens: new Set(['refresh-1']),
        requests: [],
        tokenRequests: [],
        faults: [],
        inject: (...f) => void fake.faults.push(...f),
        issue() {
            const t = `tok-${++n}-${Math.random().toString(36).slice(2, 8)}`;
            fake.tokens.add(t);
            return t;
        },
        expireAll: () => fake.tokens.clear(),
        close: () => app.close(),
    };
    const readToken = o.readToken ?? ((req) => /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]);
    app.addHook('preHandler', async (req, reply) => {
        const path = req.url.split('?')[0] ?? '';
        if (path === tokenPath)
            return;
        fake.requests.push({ method: req.method, path: req.url, headers: req.headers, body: req.body });
        const i = fake.faults.findIndex((f) => !f.path || f.path.test(path));
        if (i >= 0) {
            const f = fake.faults.splice(i, 1)[0];
            if (f.kind === 'hang')
                return new Promise(() => undefined);
            if (f.kind === 'drop') {
                req.raw.socket.destroy();
                return reply;
            }
            if (f.kind === 'expire-token')
                fake.expireAll();
            if (f.kind === 'status')
                return reply.code(f.status).headers(f.headers ?? {}).send(f.body ?? '');
        }
        if (o.publicPaths?.test(path))
            return;
        const token = readToken(req);
        if (!token || !fake.tokens.has(token))
            return o.unauthorized(reply);
    });
    app.post(tokenPath, async (req, reply) => {
        const body = (req.body ?? {});
        fake.tokenRequests.push(body);
        if (body['grant_type'] === 'refresh_token' && body['refresh_token'] && fake.refreshTokens.has(body['refresh_token'])) {
            const access = fake.issue();
            return reply.send(o.tokenAnswer ? o.tokenAnswer(access, body['refresh_token']) : { access_token: access, token_type: 'Bearer', expires_in: 3600 });
        }
        return reply.code(400).send({ error: 'invalid_grant', error_description: 'Bad refresh token.' });
    });
    o.routes(app, fake);
    await app.listen({ port: 0, host: '127.0.0.1' });
    fake.url = `http://127.0.0.1:${app.server.address().port}`;
    return fake;
}
/** Pages a list the way offset/limit APIs do; returns the slice and the next offset (or undefined). */
export function pageOf(items, offset, limit) {
    const page = items.slice(offset, offset + limit);
    return { page, next: offset + limit < items.length ? offset + limit : undefined };
}
//# sourceMappingURL=fake-service.js.map