import { z } from 'zod';
import { meetingList, meetingOut, toMeeting, zoom } from '../auth.js';

export const listMeetings = zoom.operation({
  id: 'zoom.list_meetings',
  title: 'List meetings',
  description: 'Lists the connected user’s scheduled or upcoming Zoom meetings.',
  aiDescription: 'Use to read the connected Zoom user’s meetings: `scheduled` (all scheduled), `upcoming`, `live` or `previous_meetings`. At most `limit`.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ type: z.enum(['scheduled', 'upcoming', 'live', 'previous_meetings']).default('scheduled'), limit: z.number().int().min(1).max(3000).default(300) }),
  output: z.object({ meetings: z.array(meetingOut) }),
  path: () => 'users/me/meetings',
  query: (i) => ({ type: i.type, page_size: 300 }),
  response: meetingList,
  paginate: { style: 'cursor', param: 'next_page_token', items: (p) => p.meetings, next: (p) => p.next_page_token },
  maxItems: (i) => i.limit,
  map: (items) => ({ meetings: items.map(toMeeting) }),
});
