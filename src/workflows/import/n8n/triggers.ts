import type { Trigger } from '../../definition/schema.js';
import type { N8nNode } from './export-schema.js';
import { param, paramValue, shortType } from './node-context.js';

export interface TriggerMapping {
  trigger: Trigger | { type: 'integration'; trigger: string; mode: 'poll'; pollMinutes: number; config: Record<string, unknown> };
  /** JSONata for the trigger node's `$json`. */
  output: string;
  /** The Atom connection the trigger needs, when it is an integration trigger. */
  connection?: string;
  note?: string;
}

/** Node types that start a workflow in n8n. */
export const isTriggerType = (type: string) => {
  const t = shortType(type);
  return /Trigger$/.test(t) || ['webhook', 'cron', 'interval', 'start'].includes(t);
};

const schedule = (cron: string | undefined, everyMinutes: number | undefined, timezone: string): Trigger =>
  cron ? { type: 'schedule', cron, timezone } : { type: 'schedule', everyMinutes: everyMinutes ?? 60, timezone };

function scheduleTrigger(node: N8nNode, tz: string): TriggerMapping {
  const intervals = (param(node, 'rule.interval') as Record<string, unknown>[] | undefined) ?? [{}];
  const r = intervals[0] ?? {};
  const note = intervals.length > 1 ? 'n8n had several schedule rules; only the first is imported' : undefined;
  const num = (k: string, d: number) => (typeof r[k] === 'number' ? (r[k] as number) : d);
  const at = `${num('triggerAtMinute', 0)} ${num('triggerAtHour', 0)}`;
  let t: Trigger;
  switch (r['field'] ?? 'days') {
    case 'cronExpression':
      t = schedule(String(r['expression'] ?? '0 * * * *').trim().split(/\s+/).slice(-5).join(' '), undefined, tz);
      break;
    case 'seconds':
      t = schedule(undefined, 1, tz);
      break;
    case 'minutes':
      t = schedule(undefined, num('minutesInterval', 5), tz);
      break;
    case 'hours':
      t = schedule(`${num('triggerAtMinute', 0)} */${num('hoursInterval', 1)} * * *`, undefined, tz);
      break;
    case 'weeks': {
      const days = Array.isArray(r['triggerAtDay']) && r['triggerAtDay'].length ? (r['triggerAtDay'] as number[]).join(',') : '0';
      t = schedule(`${at} * * ${days}`, undefined, tz);
      break;
    }
    case 'months':
      t = schedule(`${at} ${num('triggerAtDayOfMonth', 1)} */${num('monthsInterval', 1)} *`, undefined, tz);
      break;
    default:
      t = schedule(`${at} */${num('daysInterval', 1)} * *`, undefined, tz);
  }
  return { trigger: t, output: 'trigger', ...(note ? { note } : {}) };
}

function cronNode(node: N8nNode, tz: string): TriggerMapping {
  const items = (param(node, 'triggerTimes.item') as Record<string, unknown>[] | undefined) ?? [{ mode: 'everyDay' }];
  const r = items[0] ?? {};
  const h = Number(r['hour'] ?? 14);
  const m = Number(r['minute'] ?? 0);
  const cron: Record<string, string> = {
    everyMinute: '* * * * *',
    everyHour: `${m} * * * *`,
    everyDay: `${m} ${h} * * *`,
    everyWeek: `${m} ${h} * * ${String(r['weekday'] ?? 1)}`,
    everyMonth: `${m} ${h} ${String(r['dayOfMonth'] ?? 1)} * *`,
    custom: String(r['cronExpression'] ?? '* * * * *').trim().split(/\s+/).slice(-5).join(' '),
  };
  if (r['mode'] === 'everyX') {
    const minutes = Number(r['value'] ?? 2) * (r['unit'] === 'hours' ? 60 : 1);
    return { trigger: schedule(undefined, minutes, tz), output: 'trigger' };
  }
  return { trigger: schedule(cron[String(r['mode'] ?? 'everyDay')] ?? cron['everyDay'], undefined, tz), output: 'trigger', ...(items.length > 1 ? { note: 'only the first trigger time is imported' } : {}) };
}

const pollMinutes = (node: N8nNode) => {
  const item = (param(node, 'pollTimes.item') as { mode?: string; value?: number; unit?: string }[] | undefined)?.[0];
  if (item?.mode === 'everyX') return Math.max(1, Math.min(1440, (item.value ?? 5) * (item.unit === 'hours' ? 60 : 1)));
  if (item?.mode === 'everyHour') return 60;
  return 5;
};
const integration = (trigger: string, connection: string, node: N8nNode, config: Record<string, unknown>, note?: string): TriggerMapping => ({
  trigger: { type: 'integration', trigger, mode: 'poll', pollMinutes: pollMinutes(node), config: Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined && v !== '')) },
  output: 'trigger',
  connection,
  note: note ?? 'the event fields Atom gives may be named differently from n8n\'s; check expressions that read them',
});

/** Maps a trigger node, or explains why it cannot be (the draft then starts manually). */
export function mapTrigger(node: N8nNode, timezone: string): TriggerMapping | { unmapped: string } {
  const t = shortType(node.type);
  switch (t) {
    case 'manualTrigger':
    case 'start':
      return { trigger: { type: 'manual' }, output: 'trigger' };
    case 'executeWorkflowTrigger':
      return { trigger: { type: 'manual' }, output: '(trigger.item ?: trigger)', note: 'started by another workflow: Atom passes the caller\'s item as the trigger data' };
    case 'webhook': {
      const method = String(param(node, 'httpMethod') ?? 'GET').toUpperCase();
      const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method) ? [method as 'GET'] : ['POST' as const];
      const mode = param(node, 'responseMode');
      const auth = param(node, 'authentication');
      return {
        trigger: { type: 'webhook', methods, respond: mode === 'lastNode' || mode === 'responseNode' ? 'when_finished' : 'immediately' },
        output: 'trigger',
        note: `Atom gives the webhook a new secret URL when it is activated${auth && auth !== 'none' ? `; n8n's ${String(auth)} is replaced by that token (add HMAC signing in the trigger if the sender supports it)` : ''}`,
      };
    }
    case 'scheduleTrigger':
      return scheduleTrigger(node, timezone);
    case 'cron':
      return cronNode(node, timezone);
    case 'interval': {
      const v = Number(param(node, 'interval') ?? 1);
      const unit = String(param(node, 'unit') ?? 'seconds');
      return { trigger: schedule(undefined, Math.max(1, Math.round(unit === 'hours' ? v * 60 : unit === 'days' ? v * 1440 : unit === 'minutes' ? v : v / 60)), timezone), output: 'trigger' };
    }
    case 'gmailTrigger':
      return integration('gmail.new_email', 'gmail', node, { query: paramValue(node, 'filters.q') ?? 'in:inbox' });
    case 'slackTrigger': {
      const events = param(node, 'trigger');
      const list = Array.isArray(events) ? events.map(String) : [String(events ?? 'message')];
      if (!list.some((e) => e === 'message' || e === 'any_event')) return { unmapped: `Atom's Slack trigger starts on new messages, not on ${list.join(', ')}` };
      const channel = paramValue(node, 'channelId');
      if (typeof channel !== 'string' || !channel) return { unmapped: 'it watches the whole workspace; Atom\'s Slack trigger watches one channel' };
      return integration('slack.new_message', 'slack', node, { channel });
    }
    case 'githubTrigger': {
      const events = param(node, 'events');
      if (!Array.isArray(events) || !events.includes('issues')) return { unmapped: 'Atom\'s GitHub trigger starts on new issues only' };
      return integration('github.new_issue', 'github', node, { owner: paramValue(node, 'owner'), repo: paramValue(node, 'repository') }, 'n8n\'s GitHub trigger receives webhooks; Atom polls for new issues, and its event fields differ (number, title, url, author, body)');
    }
    case 'googleDriveTrigger':
      return integration('google_drive.file_changed', 'google-drive', node, { folderId: paramValue(node, 'folderToWatch') });
    case 'microsoftOneDriveTrigger':
      return integration('onedrive.file_changed', 'onedrive', node, { folderId: paramValue(node, 'folderId') });
    case 'googleCalendarTrigger':
      if (param(node, 'triggerOn') !== 'eventStarted') return { unmapped: `Atom's Calendar trigger starts before events begin, not on ${String(param(node, 'triggerOn'))}` };
      return integration('google_calendar.event_starting_soon', 'google-calendar', node, { calendarId: paramValue(node, 'calendarId') });
    default:
      return { unmapped: `Atom has no trigger like n8n's ${t}` };
  }
}
