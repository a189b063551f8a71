// A replica for the trigger fault test, doing what each `atom serve` does with triggers: polls integration
// triggers (every 100 ms here, with a short lease) and ticks schedules (every 200 ms), on the database its
// env names. It prints one JSON line per event it hands to the engine (`at` = wall clock ms), so the test can
// kill -9 it part way through a poll. Env: ATOM_* (database, data dir, integrations), REPLICA, DISPATCH_DELAY_MS.
import { integrationTriggers } from '../../../src/integrations/registry.js';
import { scheduleTriggerPolling, type TriggerDispatch } from '../../../src/integrations/triggers/poller.js';
import { createContext, loadConfig } from '../../../src/platform/index.js';
import { workflowRuntime } from '../../../src/workflows/index.js';

const ctx = createContext(loadConfig({ ...process.env, ATOM_LOG_LEVEL: 'warn' }));
const rt = workflowRuntime(ctx);
const delayMs = Number(process.env['DISPATCH_DELAY_MS'] ?? '0');
const dispatch: TriggerDispatch = {
  // pollMinutes is whole minutes by schema; a fault test cannot wait a minute between polls.
  subscriptions: async () => (await rt.events.subscriptions()).map((s) => ({ ...s, trigger: { ...s.trigger, pollMinutes: 0.01 } })),
  async integrationEvent(event) {
    // Slow hand-over, so a kill lands between two events of one poll.
    await new Promise((r) => setTimeout(r, delayMs));
    const runs = await rt.events.integrationEvent(event);
    console.log(JSON.stringify({ msg: 'event', eventId: event.eventId, runs, at: Date.now() }));
    return runs;
  },
};
const stopPolling = scheduleTriggerPolling(ctx, () => dispatch, integrationTriggers, 100, { owner: process.env['REPLICA'] ?? 'replica', leaseMs: 1500, renewEveryMs: 300 });
const ticker = setInterval(() => void rt.scheduler.tick().catch((err: unknown) => ctx.logger.warn({ err }, 'schedule tick failed')), 200);
console.log(JSON.stringify({ msg: 'replica ready' }));

process.once('SIGTERM', () => {
  clearInterval(ticker);
  void stopPolling()
    .then(() => ctx.lifecycle.shutdown(ctx.logger))
    .finally(() => process.exit(0));
});
