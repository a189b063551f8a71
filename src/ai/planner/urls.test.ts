import { describe, expect, it } from 'vitest';
import { planOffline } from './offline-planner.js';
import { findUrls, maskUrls } from './urls.js';

const httpSteps = (request: string) => {
  const d = planOffline(request);
  const steps = (d.definition?.steps ?? []) as { action?: string; input?: { url?: string } }[];
  return { draft: d, urls: steps.filter((s) => s.action === 'core.http_request').map((s) => s.input?.url) };
};

describe('URLs in the offline planner', () => {
  it.each([
    ['post to https://hooks.example.com/x', 'https://hooks.example.com/x'],
    ['post to https://hooks.example.com/x.', 'https://hooks.example.com/x'],
    ['call https://api.example.com:8443/v1/items?since=1h&limit=50, then post to #ops on Slack', 'https://api.example.com:8443/v1/items?since=1h&limit=50'],
    ['send the data to http://10.0.0.5:8080/run/android/and/then; then email me', 'http://10.0.0.5:8080/run/android/and/then'],
    ['hit https://example.com/a/b#section!', 'https://example.com/a/b#section'],
    ['call https://en.wikipedia.org/wiki/Foo_(bar).', 'https://en.wikipedia.org/wiki/Foo_(bar)'],
    ['call the endpoint (https://status.example.org/ping?x=a.b,c)?', 'https://status.example.org/ping?x=a.b,c'],
  ])('every morning at 8am, %s → %s', (action, url) => {
    const { draft, urls } = httpSteps(`Every morning at 8am ${action}`);
    expect(urls).toEqual([url]);
    expect(draft.questions).not.toContain('Which URL should it call?');
    expect(draft.unmapped).toEqual([]);
    // No cut-off piece of the URL lands anywhere else in the definition (a channel, another step).
    expect(JSON.stringify(draft.definition).match(/https?:\/\/[^"]*/g)).toEqual([url]);
  });

  it('keeps the other steps of the sentence and the request text as written', () => {
    const { draft, urls } = httpSteps('When a webhook is received, post it to https://hooks.example.com/in?token=abc. Then post to #ops on Slack.');
    expect(urls).toEqual(['https://hooks.example.com/in?token=abc']);
    expect(draft.structure?.actions).toEqual(['core.http_request', 'slack.post_message']);
    // The name is the request as written (cut at 80 characters), not the masked text.
    expect(draft.name).toBe('When a webhook is received, post it to https://hooks.example.com/in?token=abc. …');
    expect(draft.summary).not.toMatch(/\uE000/);
  });

  it('finds URLs without the sentence punctuation after them and masks them at the same offsets', () => {
    const text = 'See https://a.example.com/x?y=1. Or (http://b.example:81/p), then https://c.example/q_(1)!';
    expect(findUrls(text).map((u) => u.url)).toEqual(['https://a.example.com/x?y=1', 'http://b.example:81/p', 'https://c.example/q_(1)']);
    const { masked, unmask } = maskUrls(text);
    expect(masked).toHaveLength(text.length);
    expect(masked).not.toMatch(/example/);
    expect(masked.split('.').length).toBe(2);
    expect(unmask(masked)).toBe(text);
  });
});
