import { incomingWebhook } from './triggers/incoming-webhook.js';

export const webhookTriggers = [incomingWebhook];
export { incomingWebhook };
