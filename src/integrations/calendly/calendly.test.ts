import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCalendlyFake, type CalendlyFake } from './fake.js';
import { createEmbeddedQueue, type JobQueue } from '../../platform/jobs/index.js';
import { builtinActions, createActionRegistry, workflowDefinitionSchema } from '../../workflows/index.js';
import { createWorkflowEngine, type WorkflowEngine } from '../../workflows/engine/engine.js';
import { createEventDispatch } from '../../workflows/engine/events.js';
import { integrationActions } from '../registry.js';
import { describeConformance } from '../testing/conformance.js';
import type { PieceHarness } from '../testing/harness.js';
import { pollTriggers } from '../triggers/poller.js';
import { registerWorkflowActions } from '../workflow-actions.js';
import { calendly, cancelEvent, getScheduledEvent, listScheduledEvents, newBooking } from './index.js';

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
let firstUuid = '';
let secondUuid = '';
let cancelNext = 110;

async function seeded(): Promise<CalendlyFake> {
  const fake = await startCalendlyFake();
  // More than one page (100) of event types and of booked meetings.
  for (let i = 2; i <= 105; i++) fake.eventTypes.push({ uri: `https://api.calendly.com/event_types/ET${i}`, name: `Call ${i}`, slug: `call-${i}`, active: i % 2 === 0, duration: 15, scheduling_url: `https://calendly.com/ada/call-${i}`, kind: 'solo' });
  for (let i = 1; i <= 110; i++) fake.book(`Guest ${i}`, `guest${i}@example.com`, inDays(1 + i / 24));
  // One meeting with more invitees than a page (a group event).
  const group = fake.events[2]!;
  for (let i = 1; i <= 100; i++) fake.invitees.push({ uri: `${group.uri}/invitees/G${i}`, email: `member${i}@example.com`, name: `Member ${i}`, status: 'active', event: group.uri, created_at: group.created_at });
  firstUuid = fake.events[0]!.uri.split('/').pop()!;
  secondUuid = fake.events[1]!.uri.split('/').pop()!;
  return fake;
}

describeConformance({
  service: calendly,
  startFake: seeded,
  throttleBody: { title: 'Too Many Requests', message: 'You have exceeded the rate limit.' },
  operations: {
    'calendly.list_event_types': { input: { activeOnly: false, limit: 103 }, check: (out) => expect((out as { eventTypes: { schedulingUrl: string }[] }).eventTypes[0]?.schedulingUrl).toBe('https://calendly.com/ada/30min'), badInput: { input: { limit: 0 }, field: 'limit' } },
    'calendly.list_scheduled_events': { input: { limit: 105 }, check: (out) => expect((out as { events: unknown[] }).events).toHaveLength(105), badInput: { input: { inviteeEmail: 'nobody' }, field: 'inviteeEmail' } },
    'calendly.get_scheduled_event': { input: { uuid: 'EV0001' }, check: (out) => expect(out).toMatchObject({ uuid: 'EV0001', status: 'active', name: '30 Minute Meeting' }), badInput: { input: { uuid: 'a/b' }, field: 'uuid' } },
    'calendly.list_invitees': { input: { uuid: 'EV0003', limit: 101 }, check: (out) => {
        const invitees = (out as { invitees: { email: string }[] }).invitees;
        expect(invitees).toHaveLength(101);
        expect(invitees[0]).toMatchObject({ email: 'guest3@example.com', name: 'Guest 3', status: 'active' });
      }, badInput: { input: { uuid: '' }, field: 'uuid' } },
    // Each run cancels a fresh booking (Calendly refuses to cancel one twice).
    'calendly.cancel_event': {
      get input() {
        return { uuid: `EV${String(cancelNext--).padStart(4, '0')}`, reason: 'Double-booked' };
      },
      badInput: { input: { uuid: 'EV0001', reason: 5 }, field: 'reason' } },
  },
  extra(ctx) {
    describe('Calendly specifics', () => {
      it('finds someone’s bookings by email and cancels one with a reason', async () => {
        const { h, fake } = ctx();
        const mine = await h.run(listScheduledEvents, { inviteeEmail: 'guest2@example.com' });
        expect(mine.events.map((e) => e.uuid)).toEqual([secondUuid]);
        expect(await h.run(cancelEvent, { uuid: secondUuid, reason: 'Ill' })).toEqual({ canceled: true, reason: 'Ill' });
        expect(await h.run(getScheduledEvent, { uuid: secondUuid })).toMatchObject({ status: 'canceled' });
        await expect(h.run(cancelEvent, { uuid: secondUuid })).rejects.toMatchObject({ code: 'integrations.http.forbidden' });
        await expect(h.run(getScheduledEvent, { uuid: 'NOPE1' })).rejects.toMatchObject({ code: 'integrations.http.not_found' });
        expect((fake as CalendlyFake).events.length).toBeGreaterThan(100);
        expect(firstUuid).toBe('EV0001');
      });
    });
    describe('calendly.new_booking', () => {
      let engine: WorkflowEngine;
      let queue: JobQueue;
      let h: PieceHarness;
      beforeAll(() => {
        h = ctx().h;
        const registry = createActionRegistry(builtinActions);
        registerWorkflowActions(h.ctx, registry, integrationActions);
        queue = createEmbeddedQueue({ db: h.ctx.db, dialect: h.ctx.database.dialect, logger: h.ctx.logger, pollIntervalMs: 25 });
        engine = createWorkflowEngine(h.ctx, { queue, actions: registry, leaseMs: 5000 });
        engine.start();
      });
      afterAll(async () => {
        engine.stop();
        await queue.close();
      });

      it('the first poll only sets the cursor; a new booking is one event, once; a 429 is waited out', async () => {
        const fake = ctx().fake as CalendlyFake;
        const first = await h.poll(newBooking, {});
        expect(first.events).toEqual([]);
        fake.book('New Guest', 'new@example.com', inDays(3));
        fake.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { title: 'Too Many Requests', message: 'slow down' }, path: /scheduled_events/ });
        const second = await h.poll(newBooking, {}, first.cursor);
        expect(second.events).toEqual([expect.objectContaining({ status: 'active', name: '30 Minute Meeting' })]);
        expect((await h.poll(newBooking, {}, second.cursor)).events).toEqual([]);
      });

      it('starts a workflow run per new booking through the poller and the engine', async () => {
        const fake = ctx().fake as CalendlyFake;
        const wf = await engine.workflows.create({ workspaceId: 'ws-test', name: 'calendly bookings', definition: workflowDefinitionSchema.parse({ trigger: { type: 'integration', trigger: 'calendly.new_booking', connectionId: h.connection.id, pollMinutes: 1, config: {} }, steps: [{ id: 'guests', type: 'action', action: 'calendly.list_invitees', input: { uuid: '{{ trigger.uuid }}' } }] }), author: 'user-test' });
        await engine.workflows.update('ws-test', wf.id, { published_version: 1, active: 1 });
        const d = createEventDispatch(engine);
        const dispatch = { subscriptions: async () => (await d.subscriptions()).filter((s) => s.workflowId === wf.id).map(({ author: _author, ...s }) => s), integrationEvent: d.integrationEvent };
        let now = Date.now();
        const pass = () => pollTriggers(h.ctx, dispatch, [newBooking], { clock: { now: () => (now += 2 * 60_000) } });
        expect(await pass()).toMatchObject({ events: 0, failed: 0 });
        fake.book('Workflow Guest', 'wf@example.com', inDays(4));
        expect(await pass()).toMatchObject({ events: 1, failed: 0 });
        const runs = await h.ctx.db.selectFrom('workflow_runs').select('id').where('workflow_id', '=', wf.id).execute();
        expect(runs).toHaveLength(1);
        const run = await engine.waitForRun(runs[0]!.id, 20_000);
        expect(run?.status).toBe('succeeded');
        expect(JSON.stringify((await engine.journal.load(runs[0]!.id)).get('guests'))).toContain('wf@example.com');
      });
    });
  },
});
