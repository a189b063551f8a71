import { describe, expect, it } from 'vitest';
import { SERVICE_ID, startPagerDutyFake, type PagerDutyFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { createIncident, getIncident, pagerduty } from './index.js';

const from = { fromEmail: 'ada@example.com' };
async function seeded(): Promise<PagerDutyFake> {
  const fake = await startPagerDutyFake();
  // More than one page (100) of open incidents.
  for (let i = 1; i <= 120; i++) fake.trigger(`Disk full ${i}`);
  return fake;
}

describeConformance({
  service: pagerduty,
  startFake: seeded,
  credentials: (f) => ({ kind: 'api_key', apiKey: f.issue() }),
  throttleBody: { error: { message: 'Rate Limit Exceeded', code: 2020 } },
  operations: {
    'pagerduty.list_incidents': { input: { limit: 110 }, check: (out) => expect((out as { incidents: unknown[] }).incidents).toHaveLength(110), badInput: { input: { statuses: ['open'] }, field: 'statuses' } },
    'pagerduty.get_incident': { input: { incidentId: 'PINC0001' }, check: (out) => expect(out).toMatchObject({ number: 1, title: 'Disk full 1', status: 'triggered', serviceId: SERVICE_ID }), badInput: { input: { incidentId: 'lower' }, field: 'incidentId' } },
    'pagerduty.create_incident': { input: { ...from, serviceId: SERVICE_ID, title: 'Checkout errors', urgency: 'low' }, check: (out) => expect(out).toMatchObject({ title: 'Checkout errors', status: 'triggered', urgency: 'low' }), badInput: { input: { fromEmail: 'nobody', serviceId: SERVICE_ID, title: 'x' }, field: 'fromEmail' } },
    'pagerduty.update_incident': { input: { ...from, incidentId: 'PINC0002', status: 'acknowledged' }, check: (out) => expect(out).toMatchObject({ id: 'PINC0002', status: 'acknowledged' }), badInput: { input: { ...from, incidentId: 'PINC0002', status: 'triggered' }, field: 'status' } },
  },
  triggers: {
    'pagerduty.new_incident': { config: {}, produce: (f) => void (f as PagerDutyFake).trigger('Fresh outage'), check: (events) => expect(events[0]).toMatchObject({ title: 'Fresh outage' }) },
  },
  extra(ctx) {
    describe('PagerDuty specifics', () => {
      it('an unknown service and a missing incident are named', async () => {
        const { h } = ctx();
        await expect(h.run(createIncident, { ...from, serviceId: 'PNOPE01', title: 'x' })).rejects.toMatchObject({ message: 'PagerDuty says “Invalid Input Provided: Service not found”.' });
        await expect(h.run(getIncident, { incidentId: 'PNOPE01' })).rejects.toMatchObject({ code: 'integrations.http.not_found' });
      });
    });
  },
});
