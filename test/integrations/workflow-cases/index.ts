import { github, slack } from './chat-and-code.js';
import { asana, box, dropbox, notion, trello } from './files-and-work.js';
import { google } from './google.js';
import { calendlyTrigger, confluenceTrigger, jiraTrigger, linearTrigger, mondayTrigger, telegramTrigger, twilioTrigger } from './kit-triggers.js';
import { microsoftGraph, outlookMail } from './microsoft.js';
import { dataStores, mailAndFeeds, models, sftp } from './servers.js';
import type { WorkflowCaseGroup } from './types.js';

/** Every group of hand-written pieces the workflow coverage test runs (sharing test contexts where their services allow). */
export const workflowCaseGroups: WorkflowCaseGroup<never>[] = [
  google,
  microsoftGraph,
  outlookMail,
  slack,
  github,
  notion,
  dropbox,
  box,
  asana,
  trello,
  jiraTrigger,
  linearTrigger,
  confluenceTrigger,
  mondayTrigger,
  telegramTrigger,
  twilioTrigger,
  calendlyTrigger,
  dataStores,
  mailAndFeeds,
  sftp,
  models,
] as unknown as WorkflowCaseGroup<never>[];
