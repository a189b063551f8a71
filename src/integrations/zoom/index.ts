import { createMeeting } from './actions/create-meeting.js';
import { getMeeting } from './actions/get-meeting.js';
import { listMeetings } from './actions/list-meetings.js';
import { updateMeeting } from './actions/update-meeting.js';
import { zoom } from './auth.js';
import { newMeeting } from './triggers/new-meeting.js';

export const zoomActions = [listMeetings, getMeeting, createMeeting, updateMeeting];
export const zoomTriggers = [newMeeting];
export { zoom, listMeetings, getMeeting, createMeeting, updateMeeting, newMeeting };
