import { startGraphMailFake, type GraphMailFake } from '../../fakes/graph-actions/mail.js';
import { startGraphFake, type GraphFake } from '../../fakes/graph-actions/server.js';
import { defineCases, fakeOAuth } from './types.js';

/** OneDrive, Outlook (mail sending, calendar) and Teams on the Microsoft Graph fake, as in src/integrations/microsoft/graph.test.ts. */
export const microsoftGraph = defineCases<GraphFake>({
  name: 'OneDrive, Outlook, Microsoft Teams',
  start: startGraphFake,
  stop: (fake) => fake.close(),
  connections: (fake) => [fakeOAuth('onedrive', fake, '/v1.0'), fakeOAuth('outlook', fake, '/v1.0'), fakeOAuth('microsoft-teams', fake, '/v1.0')],
  actions: {
    'onedrive.list_files': () => ({ folderId: 'folder-1' }),
    'onedrive.get_file': () => ({ fileId: 'i1', includeContent: true }),
    'onedrive.upload_file': () => ({ name: 'plan.txt', folderId: 'folder-1', content: 'v1' }),
    'onedrive.share_file': () => ({ fileId: 'i2', emails: ['ada@example.com'], linkScope: 'organization' }),
    'outlook.send_mail': () => ({ to: ['ada@example.com'], subject: 'Hi', body: 'Hello' }),
    'outlook.list_events': () => ({}),
    'teams.post_channel_message': () => ({ teamId: 'team-1', channelId: '19:abc@thread.tacv2', text: 'Build green' }),
    'teams.list_teams': () => ({}),
    'teams.list_channels': () => ({ teamId: 'team-1' }),
  },
  triggers: {
    'onedrive.file_changed': {
      config: () => ({ folderId: 'folder-1' }),
      produce: (_fake, tools) => tools.run('onedrive.upload_file', { name: 'fresh.txt', folderId: 'folder-1', content: 'fresh' }),
    },
  },
});

/** Outlook's mail folders live in their own Graph fake (test/fakes/graph-actions/mail.ts). */
export const outlookMail = defineCases<GraphMailFake>({
  name: 'Outlook mail folders',
  start: startGraphMailFake,
  stop: (fake) => fake.close(),
  connections: (fake) => [fakeOAuth('outlook', fake, '/v1.0')],
  actions: {
    'outlook.list_messages': () => ({ folder: 'inbox', limit: 3 }),
  },
});
