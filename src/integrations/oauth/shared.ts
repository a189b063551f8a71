import { perContext, type AppContext } from '../../platform/index.js';
import { createOAuthEngine, type OAuthEngine } from './engine.js';

/** The app's one OAuth engine (its in-process single-flight map must be shared by every caller). */
export const oauthEngine: (ctx: AppContext) => OAuthEngine = perContext(createOAuthEngine);
