import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiEmbeddings, vectorFor, type FakeOpenAiEmbeddings } from '../../../test/fakes/openai-embeddings/server.js';
import { createLocalEmbedder, createOpenAiEmbedder, withBatchingAndCache } from './index.js';

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('local embedder', () => {
  const e = createLocalEmbedder(512);
  it('is deterministic, L2-normalised and of the declared size', async () => {
    const [a, b] = await e.embed(['Boundary layer transition on a flat plate', 'Boundary layer transition on a flat plate']);
    expect(a!.length).toBe(512);
    expect(Array.from(a!)).toEqual(Array.from(b!));
    expect(Math.abs(cosine(a!, a!) - 1)).toBeLessThan(1e-5);
    expect(e.id).toBe('local:hash-ngram-v1:512');
  });
  it('puts related texts closer than unrelated ones, inflections included', async () => {
    const [q, near, far] = await e.embed(['turbulent boundary layers', 'the turbulent boundary layer thickens', 'quarterly revenue and marketing budget']);
    expect(cosine(q!, near!)).toBeGreaterThan(0.3);
    expect(cosine(q!, near!)).toBeGreaterThan(cosine(q!, far!) + 0.2);
  });
  it('gives an all-zero vector only for text without words', async () => {
    const [empty] = await e.embed(['  ... ']);
    expect(Array.from(empty!).every((x) => x === 0)).toBe(true);
  });
});

describe('OpenAI-compatible embedder against a local fake of /v1/embeddings', () => {
  let fake: FakeOpenAiEmbeddings;
  beforeAll(async () => {
    fake = await startFakeOpenAiEmbeddings({ apiKey: 'sk-test', defaultDimensions: 64 });
  });
  afterAll(() => fake.close());

  it('embeds in batches with the key and returns vectors in input order', async () => {
    const e = createOpenAiEmbedder({ baseUrl: fake.url, apiKey: 'sk-test', model: 'text-embedding-3-small', dimensions: 64, maxBatch: 3 });
    const cached = withBatchingAndCache(e);
    const texts = ['a', 'b', 'c', 'd', 'e', 'a'];
    const before = fake.requests.length;
    const out = await cached.embed(texts);
    expect(fake.requests.length - before).toBe(2); // 5 distinct texts, batches of 3
    expect(Array.from(out[3]!)).toEqual(vectorFor('d', 64).map((x) => Math.fround(x)));
    expect(Array.from(out[5]!)).toEqual(Array.from(out[0]!));
    // The cache answers repeated passages without a call.
    await cached.embed(['b', 'c']);
    expect(fake.requests.length - before).toBe(2);
    expect(cached.cacheHits()).toBeGreaterThanOrEqual(2);
  });

  it('sends dimensions when asked and checks the answer size', async () => {
    const e = createOpenAiEmbedder({ baseUrl: fake.url, apiKey: 'sk-test', model: 'text-embedding-3-small', dimensions: 32, sendDimensions: true });
    const [v] = await e.embed(['x']);
    expect(v!.length).toBe(32);
    expect(fake.requests.at(-1)!.dimensions).toBe(32);
    const wrong = createOpenAiEmbedder({ baseUrl: fake.url, apiKey: 'sk-test', model: 'm', dimensions: 32 });
    await expect(wrong.embed(['x'])).rejects.toMatchObject({ code: 'memory.embed.bad_dimension' });
  });

  it('waits out 429 using Retry-After and then succeeds', async () => {
    const waits: number[] = [];
    const e = createOpenAiEmbedder({ baseUrl: fake.url, apiKey: 'sk-test', model: 'm', dimensions: 64, sleep: async (ms) => void waits.push(ms) });
    fake.throttleNext(2, 3);
    const [v] = await e.embed(['throttled']);
    expect(v!.length).toBe(64);
    expect(waits).toEqual([3000, 3000]);
  });

  it('reports a refused key as a coded error', async () => {
    const e = createOpenAiEmbedder({ baseUrl: fake.url, apiKey: 'wrong', model: 'm', dimensions: 64 });
    await expect(e.embed(['x'])).rejects.toMatchObject({ code: 'memory.embed.unauthorized' });
  });

});
