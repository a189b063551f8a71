import * as chrono from 'chrono-node';

/** A schedule found in a request: a cron expression or a fixed interval, and the words it came from. */
export interface ScheduleMatch {
  cron?: string;
  everyMinutes?: number;
  span: [number, number];
  notes: string[];
}

const days = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const dayRe = '(sun|mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?)(?:day)?s?';
const dayIndex = (w: string) => days.findIndex((d) => d.startsWith(w.slice(0, 3)));
const ordinals: Record<string, string> = { first: '1', '1st': '1', second: '2', '2nd': '2', third: '3', '3rd': '3', fourth: '4', '4th': '4', last: 'L' };
const numberWords: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, ten: 10, fifteen: 15, twenty: 20, thirty: 30, half: 0.5 };
const toNumber = (w: string) => numberWords[w] ?? Number(w);

/** The time of day in the request ("at 9am", "at 17:30", "at noon"), read by chrono; default 9:00. */
function timeOf(text: string, notes: string[], fallback = { hour: 9, minute: 0 }): { hour: number; minute: number; span?: [number, number] } {
  const m = /\b(?:at|@|around|by)\s+(\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?|noon|midday|midnight)(?=[\s,.;]|$)/i.exec(text);
  if (m && /^\d{1,2}$/.test(m[1]!.trim())) {
    // A bare hour ("every morning at 8"): the part of day decides am or pm.
    const h = Number(m[1]);
    const pm = h < 12 && /\b(evening|night|afternoon)\b/i.test(text);
    if (h <= 23) return { hour: pm ? h + 12 : h, minute: 0, span: [m.index, m.index + m[0].length] };
  }
  if (m) {
    const parsed = chrono.parse(m[1]!.replace('midday', 'noon'), new Date(Date.UTC(2026, 0, 5, 0, 0)))[0];
    if (parsed?.start.isCertain('hour')) return { hour: parsed.start.get('hour') ?? 9, minute: parsed.start.get('minute') ?? 0, span: [m.index, m.index + m[0].length] };
  }
  if (/\bmorning\b/.test(text)) return { hour: 9, minute: 0 };
  if (/\b(evening|end of (the )?day)\b/.test(text)) return { hour: 18, minute: 0 };
  if (/\bnight(ly)?\b/.test(text)) return { hour: 21, minute: 0 };
  if (/\bafternoon\b/.test(text)) return { hour: 14, minute: 0 };
  notes.push(`No time of day was given: it runs at ${String(fallback.hour).padStart(2, '0')}:${String(fallback.minute).padStart(2, '0')}.`);
  return fallback;
}

const cronAt = (t: { hour: number; minute: number }, dom: string, month: string, dow: string) => `${t.minute} ${t.hour} ${dom} ${month} ${dow}`;

/**
 * Reads recurring schedules in everyday phrasing: every weekday at 9am, every Monday and Thursday, on the
 * first Monday of the month, on the 15th, hourly, every 15 minutes, quarterly.
 */
export function findSchedule(text: string): ScheduleMatch | undefined {
  const notes: string[] = [];
  let m: RegExpExecArray | null;
  const span = (x: RegExpExecArray): [number, number] => [x.index, x.index + x[0].length];

  if ((m = /\bevery\s+(\d+|one|two|three|four|five|six|ten|fifteen|twenty|thirty|half(?:\s+an)?)?\s*(minutes?|mins?|hours?|hrs?)\b/i.exec(text)) || (m = /\b(hourly)\b/i.exec(text))) {
    const unit = m[2] ?? 'hour';
    const n = m[1] ? toNumber(m[1].replace(/\s+an$/, '')) : 1;
    const minutes = /^h/i.test(unit) ? Math.round(n * 60) : Math.round(n);
    return { everyMinutes: Math.max(1, minutes), span: span(m), notes };
  }
  if ((m = new RegExp(`\\b(?:on\\s+)?(?:the\\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|last)\\s+${dayRe}\\s+of\\s+(?:the|each|every)\\s+month\\b`, 'i').exec(text))) {
    const ord = ordinals[m[1]!.toLowerCase()]!;
    const d = dayIndex(m[2]!.toLowerCase());
    return { cron: cronAt(timeOf(text, notes), '*', '*', ord === 'L' ? `${d}L` : `${d}#${ord}`), span: span(m), notes };
  }
  if ((m = /\b(?:on\s+)?the\s+last\s+day\s+of\s+(?:the|each|every)\s+month\b/i.exec(text))) {
    return { cron: cronAt(timeOf(text, notes), 'L', '*', '*'), span: span(m), notes };
  }
  if ((m = /\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s+day)?\s+of\s+(?:the|each|every)\s+month\b/i.exec(text)) || (m = /\bmonthly\s+on\s+the\s+(\d{1,2})(?:st|nd|rd|th)?\b/i.exec(text)) || (m = /\bevery\s+month\s+on\s+the\s+(\d{1,2})(?:st|nd|rd|th)?\b/i.exec(text))) {
    return { cron: cronAt(timeOf(text, notes), String(Number(m[1])), '*', '*'), span: span(m), notes };
  }
  if ((m = /\b(every\s+quarter|quarterly)\b/i.exec(text))) {
    return { cron: cronAt(timeOf(text, notes), '1', '1,4,7,10', '*'), span: span(m), notes };
  }
  if ((m = /\b(every\s+month|monthly|each\s+month|once\s+a\s+month)\b/i.exec(text))) {
    notes.push('Monthly runs are on the 1st.');
    return { cron: cronAt(timeOf(text, notes), '1', '*', '*'), span: span(m), notes };
  }
  if ((m = /\b(?:every|each|on)\s+(?:week\s*day|weekday)s?\b|\b(?:monday|mon)\s*(?:-|to|through|thru)\s*(?:friday|fri)\b|\bweekdays\b/i.exec(text))) {
    return { cron: cronAt(timeOf(text, notes), '*', '*', '1-5'), span: span(m), notes };
  }
  if ((m = /\b(?:every|each|on)\s+weekends?\b|\bweekends\b/i.exec(text))) {
    return { cron: cronAt(timeOf(text, notes), '*', '*', '0,6'), span: span(m), notes };
  }
  if ((m = new RegExp(`\\b(?:every|each|on)\\s+(${dayRe}(?:\\s*(?:,|and|&)\\s*${dayRe})*)`, 'i').exec(text))) {
    const list = [...m[1]!.matchAll(new RegExp(dayRe, 'gi'))].map((x) => dayIndex(x[0].toLowerCase())).filter((d) => d >= 0);
    if (list.length) return { cron: cronAt(timeOf(text, notes), '*', '*', [...new Set(list)].sort().join(',')), span: span(m), notes };
  }
  if ((m = /\b(every\s+(?:two|2|other)\s+weeks|bi-?weekly|fortnightly)\b/i.exec(text))) {
    notes.push('Every two weeks is approximated as every 14 days from activation.');
    return { everyMinutes: 14 * 24 * 60, span: span(m), notes };
  }
  if ((m = /\b(every\s+week|weekly|each\s+week|once\s+a\s+week)\b/i.exec(text))) {
    notes.push('Weekly runs are on Mondays.');
    return { cron: cronAt(timeOf(text, notes), '*', '*', '1'), span: span(m), notes };
  }
  if ((m = /\b(every\s+(?:day|morning|evening|night|afternoon)|daily|each\s+(?:day|morning|evening)|nightly|once\s+a\s+day|every\s+single\s+day)\b/i.exec(text))) {
    return { cron: cronAt(timeOf(text, notes), '*', '*', '*'), span: span(m), notes };
  }
  return undefined;
}
