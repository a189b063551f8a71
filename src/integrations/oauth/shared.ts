import type { AppContext } from '../../platform/index.js';
import { createOAuthEngine, type OAuthEngine } from './engine.js';

const engines = new WeakMap<AppContext, OAuthEngine>();

/** The app's one OAuth engine (its in-process single-flight map must be shared by every caller). */
export function oauthEngine(ctx: AppContext): OAuthEngine {
  let e = engines.get(ctx);
  if (!e) {
    e = createOAuthEngine(ctx);
    engines.set(ctx, e);
  }
  return e;
}
