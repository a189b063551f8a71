import { startCalendlyFake, type CalendlyFake } from '../../../src/integrations/calendly/fake.js';
import { DOCS_SPACE, startConfluenceFake, type ConfluenceFake } from '../../../src/integrations/confluence/fake.js';
import { startJiraFake, type JiraFake } from '../../../src/integrations/jira/fake.js';
import { startLinearFake, type LinearFake } from '../../../src/integrations/linear/fake.js';
import { BOARD, startMondayFake, type MondayFake } from '../../../src/integrations/monday/fake.js';
import { startTelegramFake, type TelegramFake } from '../../../src/integrations/telegram/fake.js';
import { ACCOUNT, startTwilioFake, type TwilioFake } from '../../../src/integrations/twilio/fake.js';
import { defineCases, fakeOAuth } from './types.js';

/*
 * Triggers written by hand beside a REST-kit service (their operations run in the service's conformance suite,
 * these triggers do not): each against the same fake and connection shape as that suite.
 */

export const jiraTrigger = defineCases<JiraFake>({
  name: 'Jira new issue',
  start: startJiraFake,
  stop: (fake) => fake.close(),
  connections: (fake) => [fakeOAuth('jira', fake, '/ex/jira')],
  actions: {},
  triggers: {
    'jira.new_issue': {
      config: () => ({ projectKey: 'WEB' }),
      produce: (_fake, tools) => tools.run('jira.create_issue', { projectKey: 'WEB', summary: 'Broken link' }),
    },
  },
});

export const linearTrigger = defineCases<LinearFake>({
  name: 'Linear new issue',
  start: startLinearFake,
  stop: (fake) => fake.close(),
  connections: (fake) => [fakeOAuth('linear', fake, '/graphql')],
  actions: {},
  triggers: {
    'linear.new_issue': {
      config: () => ({ teamId: 'team-eng' }),
      produce: async (_fake, tools) => {
        // Linear compares creation times: step past the first poll's millisecond.
        await new Promise((r) => setTimeout(r, 5));
        await tools.run('linear.create_issue', { teamId: 'team-eng', title: 'Crash on login' });
      },
    },
  },
});

export const confluenceTrigger = defineCases<ConfluenceFake>({
  name: 'Confluence new page',
  start: startConfluenceFake,
  stop: (fake) => fake.close(),
  connections: (fake) => [fakeOAuth('confluence', fake, '/ex/confluence')],
  actions: {},
  triggers: {
    'confluence.new_page': { config: () => ({ spaceId: DOCS_SPACE }), produce: (fake) => void fake.addPage(DOCS_SPACE, 'Fresh runbook') },
  },
});

export const mondayTrigger = defineCases<MondayFake>({
  name: 'monday.com new item',
  start: startMondayFake,
  stop: (fake) => fake.close(),
  connections: (fake) => [fakeOAuth('monday', fake, '/v2')],
  actions: {},
  triggers: {
    'monday.new_item': { config: () => ({ boardId: BOARD }), produce: (fake) => void fake.addItem(BOARD, 'Fresh item') },
  },
});

export const telegramTrigger = defineCases<TelegramFake>({
  name: 'Telegram new message',
  start: startTelegramFake,
  stop: (fake) => fake.close(),
  connections: (fake) => [{ serviceId: 'telegram', credentials: { kind: 'api_key', apiKey: fake.issue() }, apiBaseUrl: fake.url }],
  actions: {},
  triggers: {
    'telegram.new_message': { config: () => ({}), produce: (fake) => void fake.incoming('status?') },
  },
});

export const twilioTrigger = defineCases<TwilioFake>({
  name: 'Twilio new incoming SMS',
  start: startTwilioFake,
  stop: (fake) => fake.close(),
  connections: (fake) => [{ serviceId: 'twilio', credentials: { kind: 'basic', username: ACCOUNT, password: fake.issue() }, apiBaseUrl: `${fake.url}/2010-04-01` }],
  actions: {},
  triggers: {
    'twilio.new_incoming_sms': { config: () => ({ to: '+14155550100' }), produce: (fake) => void fake.receive('+33612345678', '+14155550100', 'STOP') },
  },
});

export const calendlyTrigger = defineCases<CalendlyFake>({
  name: 'Calendly new booking',
  start: startCalendlyFake,
  stop: (fake) => fake.close(),
  connections: (fake) => [fakeOAuth('calendly', fake)],
  actions: {},
  triggers: {
    'calendly.new_booking': { config: () => ({}), produce: (fake) => void fake.book('Workflow Guest', 'wf@example.com', new Date(Date.now() + 4 * 86_400_000).toISOString()) },
  },
});
