import type { RealtimeEvent } from '../../../src/shared/realtime.js';

/**
 * One workspace event as the server streams it (src/shared/realtime.ts realtimeEventSchema). The page
 * never reads who else may receive it, so audience and permission are left out (the resync marker has none).
 */
export type LiveEvent = Omit<RealtimeEvent, 'audience' | 'permission'>;
