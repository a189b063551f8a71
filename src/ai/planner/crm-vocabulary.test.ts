import { describe, expect, it } from 'vitest';
import { planOffline } from './offline-planner.js';

// The CRM, payments, forms, scheduling and helpdesk services of #18 are reachable in words.
describe('offline planner: business services by name (#18)', () => {
  it.each([
    ['when a new deal is added in Pipedrive, post to #sales on Slack', 'pipedrive.new_deal', 'slack.post_message'],
    ['whenever a Freshdesk ticket comes in, post it to #support on Slack', 'freshdesk.new_ticket', 'slack.post_message'],
    ['when a payment fails, post to #billing on Slack', 'stripe.payment_failed', 'slack.post_message'],
    ['each time someone fills in the Typeform, add a contact to HubSpot', 'typeform.new_response', 'hubspot.create_contact'],
  ])('%s', (text, trigger, action) => {
    const d = planOffline(text);
    expect(d.definition?.trigger).toMatchObject({ type: 'integration', trigger });
    expect(d.structure?.actions).toContain(action);
  });

  it('a new Salesforce opportunity watches that object', () => {
    expect(planOffline('when a new opportunity is created in Salesforce, post to #deals on Slack').definition?.trigger).toMatchObject({ trigger: 'salesforce.new_record', config: { object: 'Opportunity' } });
  });
});
