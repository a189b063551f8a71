import { perContext, type AppContext } from '../platform/index.js';
import { createKeyStore, type KeyStore } from './keys/key-repository.js';
import { createModelRunner, type ModelRunner } from './model-runner.js';
import { createSettingsStore, type SettingsStore } from './settings/ai-settings.js';
import { createUsageLedger, type UsageLedger } from './usage/usage-ledger.js';
import './tables.js';

export interface AiServices {
  keys: KeyStore;
  settings: SettingsStore;
  usage: UsageLedger;
  runner: ModelRunner;
}

/** The AI domain's parts for one app context, built once and shared by its routes. */
export const aiServices = perContext((ctx: AppContext): AiServices => {
  const keys = createKeyStore(ctx);
  const settings = createSettingsStore(ctx);
  const usage = createUsageLedger(ctx, settings);
  const runner = createModelRunner(ctx, { keys, settings, usage });
  return { keys, settings, usage, runner };
});
