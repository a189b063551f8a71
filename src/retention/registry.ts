import { perContext, type AppContext } from '../platform/index.js';
import type { RetentionClass } from './types.js';

export type { RetentionClass } from './types.js';

/** This context's classes by name, in registration order. */
const registry = perContext(() => new Map<string, RetentionClass>());

export function registerRetentionClass(ctx: AppContext, dataClass: RetentionClass): void {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(dataClass.name)) throw new Error(`retention class name ${dataClass.name} must be lower_snake_case`);
  registry(ctx).set(dataClass.name, dataClass);
}

/** Registered classes, in registration order. */
export const retentionClasses = (ctx: AppContext): RetentionClass[] => [...registry(ctx).values()];

export const retentionClass = (ctx: AppContext, name: string): RetentionClass | undefined => registry(ctx).get(name);
