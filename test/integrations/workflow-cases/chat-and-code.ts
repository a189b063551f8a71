import { startGithubFake, type GithubFake } from '../../../src/integrations/github/fake.js';
import { startSlackFake, type SlackFake } from '../../../src/integrations/slack/fake.js';
import { defineCases, fakeOAuth } from './types.js';

let ts = 1_800_000_000;

/** Slack against its fake, as in src/integrations/slack/slack.test.ts. */
export const slack = defineCases<SlackFake>({
  name: 'Slack',
  start: startSlackFake,
  stop: (fake) => fake.close(),
  connections: (fake) => [fakeOAuth('slack', fake, '/api', '/api/oauth.v2.access')],
  actions: {
    'slack.post_message': () => ({ channel: '#general', text: 'Deploy done' }),
    'slack.list_channels': () => ({}),
    'slack.lookup_user': () => ({ email: 'ada@example.com' }),
  },
  triggers: {
    'slack.new_message': {
      config: () => ({ channel: 'C000' }),
      produce: (fake) => void fake.history.get('C000')!.push({ type: 'message', user: 'U001', text: 'new here', ts: `${ts++}.000001` }),
    },
  },
});

const repo = { owner: 'acme', repo: 'app' };

/** GitHub against its fake, as in src/integrations/github/github.test.ts. */
export const github = defineCases<GithubFake>({
  name: 'GitHub',
  start: startGithubFake,
  stop: (fake) => fake.close(),
  connections: (fake) => [fakeOAuth('github', fake, '', '/login/oauth/access_token')],
  actions: {
    'github.create_issue': () => ({ ...repo, title: 'Login broken', body: 'Steps…' }),
    'github.add_comment': () => ({ ...repo, number: 1, body: 'Looking into it' }),
    'github.list_pull_requests': () => repo,
  },
  triggers: {
    'github.new_issue': {
      config: () => repo,
      produce: (fake) => void fake.issues.push({ number: 90, title: 'Crash on save', body: 'trace', state: 'open', created_at: new Date().toISOString() }),
    },
  },
});
