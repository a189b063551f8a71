import { graphProfile } from '../microsoft/common.js';
import { listEvents } from './actions/list-events.js';
import { listMessages } from './actions/list-messages.js';
import { sendMail } from './actions/send-mail.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { microsoftOAuth } from '../microsoft/oauth.js';
import { actionPhrases } from './vocabulary.js';

const profile = graphProfile('outlook');

export const outlookActions = [sendMail, listEvents, listMessages];
export { sendMail, listEvents, listMessages };

/** Outlook, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const outlookIntegration = defineIntegration({ catalog, oauth: microsoftOAuth, profile, actions: outlookActions, vocabulary: { actions: actionPhrases } });
