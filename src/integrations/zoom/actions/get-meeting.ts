import { z } from 'zod';
import { meetingId, meetingOut, toMeeting, zoom, zoomMeeting } from '../auth.js';

export const getMeeting = zoom.operation({
  id: 'zoom.get_meeting',
  title: 'Get a meeting',
  description: 'Reads one Zoom meeting by its number.',
  aiDescription: 'Use to read a Zoom meeting (topic, start, duration, join link) when you have its number.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ meetingId }),
  output: meetingOut,
  path: (i) => `meetings/${i.meetingId}`,
  response: zoomMeeting,
  map: toMeeting,
});
