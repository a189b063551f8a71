import type { DeclaredService } from './kit/define.js';
import type { Integration } from './kit/integration.js';
import type { AnyIntegrationAction, AnyIntegrationTrigger } from './pieces.js';
import type { ServiceProfile } from './profiles.js';
import { airtableIntegration } from './airtable/index.js';
import { asanaIntegration } from './asana/index.js';
import { bitbucketIntegration } from './bitbucket/index.js';
import { boxIntegration } from './box/index.js';
import { brevoIntegration } from './brevo/index.js';
import { calendlyIntegration } from './calendly/index.js';
import { clickupIntegration } from './clickup/index.js';
import { confluenceIntegration } from './confluence/index.js';
import { discordIntegration } from './discord/index.js';
import { dropboxIntegration } from './dropbox/index.js';
import { freshdeskIntegration } from './freshdesk/index.js';
import { githubIntegration } from './github/index.js';
import { gitlabIntegration } from './gitlab/index.js';
import { gmailIntegration } from './gmail/index.js';
import { googleCalendarIntegration } from './google-calendar/index.js';
import { googleDocsIntegration } from './google-docs/index.js';
import { googleDriveIntegration } from './google-drive/index.js';
import { googleSheetsIntegration } from './google-sheets/index.js';
import { googleTasksIntegration } from './google-tasks/index.js';
import { httpRequestIntegration } from './http-request/index.js';
import { hubspotIntegration } from './hubspot/index.js';
import { imapSmtpIntegration } from './imap-smtp/index.js';
import { intercomIntegration } from './intercom/index.js';
import { jiraIntegration } from './jira/index.js';
import { linearIntegration } from './linear/index.js';
import { mailchimpIntegration } from './mailchimp/index.js';
import { mattermostIntegration } from './mattermost/index.js';
import { microsoftExcelIntegration } from './microsoft-excel/index.js';
import { microsoftTeamsIntegration } from './microsoft-teams/index.js';
import { microsoftTodoIntegration } from './microsoft-todo/index.js';
import { mondayIntegration } from './monday/index.js';
import { mysqlIntegration } from './mysql/index.js';
import { notionIntegration } from './notion/index.js';
import { onedriveIntegration } from './onedrive/index.js';
import { openaiCompatibleIntegration } from './openai-compatible/index.js';
import { outlookIntegration } from './outlook/index.js';
import { pagerdutyIntegration } from './pagerduty/index.js';
import { pipedriveIntegration } from './pipedrive/index.js';
import { postgresqlIntegration } from './postgresql/index.js';
import { pushoverIntegration } from './pushover/index.js';
import { redisIntegration } from './redis/index.js';
import { rssIntegration } from './rss/index.js';
import { salesforceIntegration } from './salesforce/index.js';
import { sendgridIntegration } from './sendgrid/index.js';
import { sftpIntegration } from './sftp/index.js';
import { shopifyIntegration } from './shopify/index.js';
import { slackIntegration } from './slack/index.js';
import { stripeIntegration } from './stripe/index.js';
import { telegramIntegration } from './telegram/index.js';
import { todoistIntegration } from './todoist/index.js';
import { trelloIntegration } from './trello/index.js';
import { twilioIntegration } from './twilio/index.js';
import { typeformIntegration } from './typeform/index.js';
import { webhookIntegration } from './webhook/index.js';
import { zendeskIntegration } from './zendesk/index.js';
import { zoomIntegration } from './zoom/index.js';

/**
 * Every service that works with Atom, one object each (src/integrations/<service>/index.ts). This list is the
 * only place a service is added: the catalog's "works with Atom" entries, OAuth provider quirks, connection
 * profiles and settings, the workflow actions and triggers, and the planner's vocabulary all come from it.
 */
export const integrations: readonly Integration[] = [
  httpRequestIntegration,
  slackIntegration,
  gmailIntegration,
  googleCalendarIntegration,
  googleDriveIntegration,
  googleSheetsIntegration,
  googleDocsIntegration,
  googleTasksIntegration,
  microsoftExcelIntegration,
  microsoftTodoIntegration,
  intercomIntegration,
  confluenceIntegration,
  mondayIntegration,
  bitbucketIntegration,
  pagerdutyIntegration,
  onedriveIntegration,
  outlookIntegration,
  microsoftTeamsIntegration,
  githubIntegration,
  notionIntegration,
  asanaIntegration,
  trelloIntegration,
  dropboxIntegration,
  boxIntegration,
  postgresqlIntegration,
  mysqlIntegration,
  redisIntegration,
  imapSmtpIntegration,
  sftpIntegration,
  jiraIntegration,
  stripeIntegration,
  airtableIntegration,
  linearIntegration,
  hubspotIntegration,
  pipedriveIntegration,
  gitlabIntegration,
  salesforceIntegration,
  freshdeskIntegration,
  zendeskIntegration,
  shopifyIntegration,
  clickupIntegration,
  discordIntegration,
  telegramIntegration,
  typeformIntegration,
  zoomIntegration,
  openaiCompatibleIntegration,
  twilioIntegration,
  calendlyIntegration,
  sendgridIntegration,
  mailchimpIntegration,
  brevoIntegration,
  pushoverIntegration,
  todoistIntegration,
  mattermostIntegration,
  webhookIntegration,
  rssIntegration,
];

const byId = new Map<string, Integration>();
for (const i of integrations) {
  if (byId.has(i.id)) throw new Error(`integration ${i.id} is listed twice`);
  byId.set(i.id, i);
}

export const integrationOf = (serviceId: string): Integration | undefined => byId.get(serviceId);
/** How a service is called (error reader, limits, connection check), when it declares it. */
export const serviceProfile = (serviceId: string): ServiceProfile | undefined => byId.get(serviceId)?.profile;
/** The connection settings, label and check of a service declared with kit/define.ts. */
export const declaredService = (serviceId: string): DeclaredService | undefined => byId.get(serviceId)?.connection;

/** Every action and trigger Atom has for outside services. */
export const integrationActions: AnyIntegrationAction[] = integrations.flatMap((i) => i.actions);
export const integrationTriggers: AnyIntegrationTrigger[] = integrations.flatMap((i) => i.triggers);

interface PieceSummary {
  id: string;
  title: string;
  description: string;
}
const summary = (p: PieceSummary): PieceSummary => ({ id: p.id, title: p.title, description: p.description });

export function piecesOf(serviceId: string): { actions: PieceSummary[]; triggers: PieceSummary[] } {
  const i = byId.get(serviceId);
  return { actions: [...(i?.builtins ?? []), ...(i?.actions ?? [])].map(summary), triggers: i?.triggers.map(summary) ?? [] };
}
