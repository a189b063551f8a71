import type { PieceSummary } from './catalog/routes.js';
import type { AnyIntegrationAction, AnyIntegrationTrigger } from './pieces.js';
import { asanaActions, asanaTriggers } from './asana/index.js';
import { boxActions } from './box/index.js';
import { dropboxActions } from './dropbox/index.js';
import { githubActions, githubTriggers } from './github/index.js';
import { gmailActions, gmailTriggers } from './gmail/index.js';
import { googleCalendarActions, googleCalendarTriggers } from './google-calendar/index.js';
import { googleDocsActions } from './google-docs/index.js';
import { googleTasksActions, googleTasksTriggers } from './google-tasks/index.js';
import { googleDriveActions, googleDriveTriggers } from './google-drive/index.js';
import { googleSheetsActions, googleSheetsTriggers } from './google-sheets/index.js';
import { httpRequestActions } from './http-request/index.js';
import { excelActions, excelTriggers } from './microsoft-excel/index.js';
import { microsoftTodoActions, microsoftTodoTriggers } from './microsoft-todo/index.js';
import { intercomActions, intercomTriggers } from './intercom/index.js';
import { confluenceActions, confluenceTriggers } from './confluence/index.js';
import { mondayActions, mondayTriggers } from './monday/index.js';
import { bitbucketActions, bitbucketTriggers } from './bitbucket/index.js';
import { pagerdutyActions, pagerdutyTriggers } from './pagerduty/index.js';
import { teamsActions } from './microsoft-teams/index.js';
import { onedriveActions, onedriveTriggers } from './onedrive/index.js';
import { notionActions } from './notion/index.js';
import { outlookActions } from './outlook/index.js';
import { slackActions, slackTriggers } from './slack/index.js';
import { trelloActions, trelloTriggers } from './trello/index.js';
import { webhookTriggers } from './webhook/index.js';
import { mailActions, mailTriggers } from './imap-smtp/index.js';
import { mysqlActions, mysqlTriggers } from './mysql/index.js';
import { postgresqlActions, postgresqlTriggers } from './postgresql/index.js';
import { redisActions } from './redis/index.js';
import { rssTriggers } from './rss/index.js';
import { sftpActions } from './sftp/index.js';
import { jiraActions, jiraTriggers } from './jira/index.js';
import { stripeActions, stripeTriggers } from './stripe/index.js';
import { airtableActions, airtableTriggers } from './airtable/index.js';
import { linearActions, linearTriggers } from './linear/index.js';
import { hubspotActions, hubspotTriggers } from './hubspot/index.js';
import { pipedriveActions, pipedriveTriggers } from './pipedrive/index.js';
import { gitlabActions, gitlabTriggers } from './gitlab/index.js';
import { salesforceActions, salesforceTriggers } from './salesforce/index.js';
import { freshdeskActions, freshdeskTriggers } from './freshdesk/index.js';
import { zendeskActions, zendeskTriggers } from './zendesk/index.js';
import { shopifyActions, shopifyTriggers } from './shopify/index.js';
import { clickupActions, clickupTriggers } from './clickup/index.js';

import { discordActions, discordTriggers } from './discord/index.js';
import { telegramActions, telegramTriggers } from './telegram/index.js';
import { typeformActions, typeformTriggers } from './typeform/index.js';
import { zoomActions, zoomTriggers } from './zoom/index.js';
import { openaiActions } from './openai-compatible/index.js';
import { twilioActions, twilioTriggers } from './twilio/index.js';
import { calendlyActions, calendlyTriggers } from './calendly/index.js';
import { sendgridActions } from './sendgrid/index.js';
import { mailchimpActions, mailchimpTriggers } from './mailchimp/index.js';
import { brevoActions } from './brevo/index.js';
import { pushoverActions } from './pushover/index.js';
import { todoistActions, todoistTriggers } from './todoist/index.js';
import { mattermostActions, mattermostTriggers } from './mattermost/index.js';
// Widening a typed piece to the registry's element type: each piece validates its own input before run.
const widen = <T>(pieces: readonly T[]) => pieces as unknown as AnyIntegrationAction[];
const widenTriggers = <T>(pieces: readonly T[]) => pieces as unknown as AnyIntegrationTrigger[];

/** Every action and trigger Atom has for outside services, listed by each service's index.ts. */
export const integrationActions: AnyIntegrationAction[] = [
  ...widen(httpRequestActions),
  ...widen(slackActions),
  ...widen(gmailActions),
  ...widen(googleCalendarActions),
  ...widen(googleDriveActions),
  ...widen(googleSheetsActions),
  ...widen(googleDocsActions),
  ...widen(googleTasksActions),
  ...widen(excelActions),
  ...widen(microsoftTodoActions),
  ...widen(intercomActions),
  ...widen(confluenceActions),
  ...widen(mondayActions),
  ...widen(bitbucketActions),
  ...widen(pagerdutyActions),
  ...widen(onedriveActions),
  ...widen(outlookActions),
  ...widen(teamsActions),
  ...widen(githubActions),
  ...widen(notionActions),
  ...widen(asanaActions),
  ...widen(trelloActions),
  ...widen(dropboxActions),
  ...widen(boxActions),
  // Declared through src/integrations/kit: servers reached over their own protocols.
  ...widen(postgresqlActions),
  ...widen(mysqlActions),
  ...widen(redisActions),
  ...widen(mailActions),
  ...widen(sftpActions),
  ...widen(jiraActions),
  ...widen(stripeActions),
  ...widen(airtableActions),
  ...widen(linearActions),
  ...widen(hubspotActions),
  ...widen(pipedriveActions),
  ...widen(gitlabActions),
  ...widen(salesforceActions),
  ...widen(freshdeskActions),
  ...widen(zendeskActions),
  ...widen(shopifyActions),
  ...widen(clickupActions),
  ...widen(discordActions),
  ...widen(telegramActions),
  ...widen(typeformActions),
  ...widen(zoomActions),
  ...widen(openaiActions),
  ...widen(twilioActions),
  ...widen(calendlyActions),
  ...widen(sendgridActions),
  ...widen(mailchimpActions),
  ...widen(brevoActions),
  ...widen(pushoverActions),
  ...widen(todoistActions),
  ...widen(mattermostActions),
];
export const integrationTriggers: AnyIntegrationTrigger[] = [
  ...widenTriggers(slackTriggers),
  ...widenTriggers(webhookTriggers),
  ...widenTriggers(gmailTriggers),
  ...widenTriggers(googleCalendarTriggers),
  ...widenTriggers(googleDriveTriggers),
  ...widenTriggers(googleSheetsTriggers),
  ...widenTriggers(excelTriggers),
  ...widenTriggers(microsoftTodoTriggers),
  ...widenTriggers(intercomTriggers),
  ...widenTriggers(confluenceTriggers),
  ...widenTriggers(mondayTriggers),
  ...widenTriggers(bitbucketTriggers),
  ...widenTriggers(pagerdutyTriggers),
  ...widenTriggers(onedriveTriggers),
  ...widenTriggers(githubTriggers),
  ...widenTriggers(postgresqlTriggers),
  ...widenTriggers(mysqlTriggers),
  ...widenTriggers(mailTriggers),
  ...widenTriggers(rssTriggers),
  ...widenTriggers(jiraTriggers),
  ...widenTriggers(stripeTriggers),
  ...widenTriggers(airtableTriggers),
  ...widenTriggers(linearTriggers),
  ...widenTriggers(hubspotTriggers),
  ...widenTriggers(pipedriveTriggers),
  ...widenTriggers(gitlabTriggers),
  ...widenTriggers(salesforceTriggers),
  ...widenTriggers(freshdeskTriggers),
  ...widenTriggers(zendeskTriggers),
  ...widenTriggers(shopifyTriggers),
  ...widenTriggers(clickupTriggers),
  ...widenTriggers(discordTriggers),
  ...widenTriggers(telegramTriggers),
  ...widenTriggers(typeformTriggers),
  ...widenTriggers(zoomTriggers),
  ...widenTriggers(twilioTriggers),
  ...widenTriggers(mailchimpTriggers),
  ...widenTriggers(googleTasksTriggers),
  ...widenTriggers(calendlyTriggers),
  ...widenTriggers(todoistTriggers),
  ...widenTriggers(asanaTriggers),
  ...widenTriggers(mattermostTriggers),
  ...widenTriggers(trelloTriggers),
];

const summary = (p: { id: string; title: string; description: string }): PieceSummary => ({ id: p.id, title: p.title, description: p.description });

export function piecesOf(serviceId: string): { actions: PieceSummary[]; triggers: PieceSummary[] } {
  return {
    actions: integrationActions.filter((a) => a.service === serviceId).map(summary),
    triggers: integrationTriggers.filter((t) => t.service === serviceId).map(summary),
  };
}
