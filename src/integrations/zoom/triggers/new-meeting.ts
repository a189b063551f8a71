import { z } from 'zod';
import { meetingList, meetingOut, toMeeting, zoom } from '../auth.js';

export const newMeeting = zoom.pollTrigger({
  id: 'zoom.new_meeting',
  title: 'New meeting',
  description: 'Starts when a meeting is scheduled for the connected Zoom user.',
  aiDescription: 'Use to react to newly scheduled Zoom meetings (post the join link, prepare an agenda). Polls the user’s scheduled meetings; a meeting not seen before is new; the first poll only remembers those there.',
  config: z.object({}),
  event: meetingOut,
  list: { path: () => 'users/me/meetings', query: () => ({ type: 'scheduled', page_size: 300 }) },
  response: meetingList,
  items: (p) => p.meetings,
  paginate: { style: 'cursor', param: 'next_page_token', next: (p) => p.next_page_token, maxPages: 10 },
  cursor: { style: 'seen', id: (m) => String(m.id), keep: 3000 },
  toEvent: toMeeting,
});
