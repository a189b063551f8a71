import { type ActionPhrase, type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 140, event: 'stripe.payment_failed', label: 'a failed Stripe payment', pattern: /\b(?:when(?:ever)?|each time|if)\b[^.;,]*?\b(?:payment|charge)s?\b[^.;,]*?\bfails?\b[^,;]*/i },
  { rank: 150, event: 'stripe.new_payment', label: 'a new Stripe payment', pattern: /\b(?:when(?:ever)?|each time|every time|for every|for each)\b[^.;,]*?\b(?:stripe\s+)?(?:payment|charge)s?\b[^.;,]*?(?:\b(?:succeeds|received|comes in|is made|made)\b|\bstripe\b)[^,;]*|\bnew\s+stripe\s+(?:payment|charge)s?\b/i },
];

export const actionPhrases: ActionPhrase[] = [
  { rank: 320, action: 'stripe.create_customer', pattern: /\b(?:add|create)\b[^.;]*?\bcustomers?\b[^.;]*?\bstripe\b/i, label: () => 'create a Stripe customer' },
];
