import type { AnyActionDefinition } from '../types.js';
import { codeAction } from './code.js';
import { httpRequestAction } from './http-request.js';
import { logAction } from './log.js';
import { transformAction } from './transform.js';

/** Actions every Atom has, with no connection needed. Delay, set-variables and waits are step types. */
export const builtinActions: AnyActionDefinition[] = [codeAction, httpRequestAction, logAction, transformAction];
export { codeAction, httpRequestAction, logAction, transformAction };
export { parseRetryAfter } from './http-request.js';
