import { entry, google } from '../catalog/data/build.js';

/** Google Calendar in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('calendar', 'google-calendar', 'Google Calendar', 'Calendars and events in Google Calendar.', 'https://calendar.google.com', 'https://developers.google.com/calendar/api/v3/reference', 'https://www.googleapis.com/calendar/v3', google(['https://www.googleapis.com/auth/calendar']));
