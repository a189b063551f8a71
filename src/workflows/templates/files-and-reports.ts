import { z } from 'zod';
import { defineTemplate } from './types.js';

// No placeholder defaults: what names a place (channel, address, URL) is asked before the workflow is made.
const channel = z.string().min(1).describe('Slack channel');

export const driveFileSummaryToSlack = defineTemplate({
  id: 'drive-new-file-summary-slack',
  name: 'New Drive file → summary → Slack',
  description: 'When a file lands in a Drive folder, summarise it and post the summary to a Slack channel.',
  category: 'files',
  params: z.object({ folderId: z.string().min(1).default('root').describe('Google Drive folder id (root: My Drive)'), channel }),
  sample: { file: { id: 'f1', name: 'Q3 plan.pdf', text: 'Plan for Q3: grow revenue 20%...' } },
  build: (p) => ({
    trigger: { type: 'integration', trigger: 'google_drive.file_changed', mode: 'poll', pollMinutes: 5, config: { folderId: p.folderId } },
    steps: [
      { id: 'summary', type: 'ai', prompt: 'Summarise this document in 5 bullet points:\n{{ trigger.file.text }}' },
      { id: 'post', type: 'action', action: 'slack.post_message', input: { channel: p.channel, text: '*{{ trigger.file.name }}*\n{{ steps.summary.text }}' } },
    ],
  }),
});

export const financeFolderDigest = defineTemplate({
  id: 'finance-folder-daily-digest',
  name: 'Weekday finance digest with CFO alert',
  description: 'Every weekday at 9, summarise new files in the Finance folder, post to #finance, and email the CFO about any invoice over a limit.',
  category: 'finance',
  params: z.object({ folder: z.string().default('Finance'), channel: channel, cfoEmail: z.email(), limit: z.number().default(10_000), timezone: z.string().default('Europe/Berlin') }),
  sample: {},
  build: (p) => ({
    trigger: { type: 'schedule', cron: '0 9 * * 1-5', timezone: p.timezone },
    steps: [
      { id: 'files', type: 'memory_search', query: `new files in folder ${p.folder} since yesterday`, limit: 50 },
      { id: 'summary', type: 'ai', prompt: 'Summarise these finance documents for the team:\n{{ $string(steps.files) }}' },
      { id: 'post', type: 'action', action: 'slack.post_message', input: { channel: p.channel, text: '{{ steps.summary.text }}' } },
      { id: 'invoices', type: 'ai', prompt: 'List invoices in these documents as JSON {"invoices":[{"vendor":"","total":0}]}:\n{{ $string(steps.files) }}', output: 'json' },
      {
        id: 'big',
        type: 'for_each',
        items: `steps.invoices.json.invoices[total > ${p.limit}]`,
        steps: [{ id: 'email_cfo', type: 'action', action: 'gmail.send_email', input: { to: [p.cfoEmail], subject: 'Invoice over limit: {{ item.vendor }}', text: 'Total {{ item.total }}' } }],
      },
    ],
  }),
});

export const weeklyMemoryReport = defineTemplate({
  id: 'weekly-report-from-memory',
  name: 'Weekly report from memory search',
  description: 'Every Friday afternoon, search your documents for a topic and post a written report.',
  category: 'reports',
  params: z.object({ topic: z.string().default('project status'), channel }),
  sample: {},
  build: (p) => ({
    trigger: { type: 'schedule', cron: '0 16 * * 5', timezone: 'UTC' },
    steps: [
      { id: 'found', type: 'memory_search', query: p.topic, limit: 20 },
      { id: 'report', type: 'ai', prompt: `Write a weekly report about "${p.topic}" from these excerpts:\n{{ $string(steps.found) }}` },
      { id: 'post', type: 'action', action: 'slack.post_message', input: { channel: p.channel, text: '{{ steps.report.text }}' } },
    ],
  }),
});

export const meetingNotesDigest = defineTemplate({
  id: 'meeting-notes-action-items',
  name: 'Meeting notes → action items',
  description: 'When meeting notes are added to memory, extract action items and post them to the team channel.',
  category: 'operations',
  params: z.object({ channel }),
  sample: { document: { id: 'd1', title: 'Weekly sync', text: 'Ada will send the deck. Bob fixes CI.' } },
  build: (p) => ({
    trigger: { type: 'memory_event', events: ['document.created'], filter: '$contains($lowercase(document.title), "sync")' },
    steps: [
      { id: 'items', type: 'ai', prompt: 'List action items with owners as JSON {"items":[{"owner":"","task":""}]}:\n{{ trigger.document.text }}', output: 'json' },
      { id: 'post', type: 'action', action: 'slack.post_message', input: { channel: p.channel, text: 'Action items from {{ trigger.document.title }}: {{ $join(steps.items.json.items.(owner & ": " & task), "; ") }}' } },
    ],
  }),
});

export const newsDigest = defineTemplate({
  id: 'feed-digest-email',
  name: 'Daily feed digest by email',
  description: 'Every morning, fetch a JSON feed, keep the newest items and email a short digest.',
  category: 'reports',
  params: z.object({ feedUrl: z.url(), to: z.email(), items: z.number().int().min(1).max(50).default(10) }),
  sample: {},
  build: (p) => ({
    trigger: { type: 'schedule', cron: '0 7 * * *', timezone: 'UTC' },
    steps: [
      { id: 'feed', type: 'http', input: { url: p.feedUrl } },
      { id: 'top', type: 'transform', expression: `steps.feed.body.items[[0..${p.items - 1}]]` },
      { id: 'digest', type: 'ai', prompt: 'Write a 5-line digest of:\n{{ $string(steps.top) }}' },
      { id: 'send', type: 'action', action: 'gmail.send_email', input: { to: [p.to], subject: 'Your daily digest', text: '{{ steps.digest.text }}' } },
    ],
  }),
});

export const calendarPrep = defineTemplate({
  id: 'daily-calendar-and-tasks-digest',
  name: 'Daily email digest of your calendar',
  description: "Each weekday morning, email today's meetings with background from memory.",
  category: 'email',
  params: z.object({ to: z.email(), timezone: z.string().default('UTC') }),
  sample: {},
  build: (p) => ({
    trigger: { type: 'schedule', cron: '30 7 * * 1-5', timezone: p.timezone },
    steps: [
      { id: 'events', type: 'action', action: 'google_calendar.list_events', input: { calendarId: 'primary', timeMin: '{{ env.now }}', maxResults: 20 } },
      { id: 'context', type: 'for_each', items: 'steps.events.items', concurrency: 4, steps: [{ id: 'background', type: 'memory_search', query: '{{ item.summary }}', limit: 3 }] },
      { id: 'digest', type: 'ai', prompt: 'Write my day plan from meetings {{ $string(steps.events) }}, background {{ $string(steps.context) }}.' },
      { id: 'send', type: 'action', action: 'gmail.send_email', input: { to: [p.to], subject: 'Your day', text: '{{ steps.digest.text }}' } },
    ],
  }),
});

export const backupReport = defineTemplate({
  id: 'export-and-verify',
  name: 'Nightly export with status check',
  description: 'Start an export job through an API, wait, check its status, and report failures.',
  category: 'operations',
  params: z.object({ startUrl: z.url(), statusUrl: z.url(), waitMinutes: z.number().int().min(1).default(10), channel }),
  sample: {},
  build: (p) => ({
    trigger: { type: 'schedule', cron: '0 2 * * *', timezone: 'UTC' },
    steps: [
      { id: 'start', type: 'http', input: { method: 'POST', url: p.startUrl } },
      { id: 'wait', type: 'delay', ms: p.waitMinutes * 60_000 },
      { id: 'status', type: 'http', retry: { maxAttempts: 5, initialDelayMs: 30_000, maxDelayMs: 600_000, multiplier: 2, nonRetryable: [] }, input: { url: p.statusUrl } },
      { id: 'check', type: 'if', condition: 'steps.status.body.state != "done"', then: [{ id: 'alert', type: 'action', action: 'slack.post_message', input: { channel: p.channel, text: 'Nightly export is {{ steps.status.body.state }}' } }] },
    ],
  }),
});

export const uptimeCheck = defineTemplate({
  id: 'uptime-check-alert',
  name: 'Uptime check with Slack alert',
  description: 'Every few minutes, call a health URL and alert a channel when it does not answer 200.',
  category: 'engineering',
  params: z.object({ url: z.url().describe('Health URL to check'), everyMinutes: z.number().int().min(1).default(5), channel }),
  sample: {},
  build: (p) => ({
    trigger: { type: 'schedule', everyMinutes: p.everyMinutes, timezone: 'UTC' },
    steps: [
      { id: 'probe', type: 'http', onError: 'continue', retry: { maxAttempts: 2, initialDelayMs: 5000, maxDelayMs: 5000, multiplier: 1, nonRetryable: [] }, input: { url: p.url, timeoutMs: 10_000 } },
      { id: 'down', type: 'if', condition: 'steps.probe.status != 200 and $not(env.mode = "dry")', then: [{ id: 'alert', type: 'action', action: 'slack.post_message', input: { channel: p.channel, text: `:red_circle: ${p.url} is down ({{ steps.probe.error.message }})` } }] },
    ],
  }),
});

export const errorAlert = defineTemplate({
  id: 'workflow-failure-alert',
  name: 'Workflow failure alert (error workflow)',
  description: "Use as another workflow's error workflow: posts which run failed, at which step and why.",
  category: 'operations',
  params: z.object({ channel: channel }),
  sample: { failedRun: { id: 'run_1', workflowId: 'wf_1', version: 3, error: { stepId: 'post', code: 'workflows.http.status_500', message: 'answered 500' } } },
  build: (p) => ({
    trigger: { type: 'manual' },
    steps: [{ id: 'post', type: 'action', action: 'slack.post_message', input: { channel: p.channel, text: 'Run {{ trigger.failedRun.id }} of {{ trigger.failedRun.workflowId }} failed at {{ trigger.failedRun.error.stepId }}: {{ trigger.failedRun.error.message }}' } }],
  }),
});

export const contractRenewals = defineTemplate({
  id: 'contract-renewal-reminders',
  name: 'Contract renewal reminders',
  description: 'Every Monday, find contracts in memory that renew within a window and remind the owner channel.',
  category: 'finance',
  params: z.object({ days: z.number().int().min(1).default(60), channel }),
  sample: {},
  build: (p) => ({
    trigger: { type: 'schedule', cron: '0 8 * * 1', timezone: 'UTC' },
    steps: [
      { id: 'contracts', type: 'memory_search', query: 'contract renewal date termination notice', limit: 50 },
      { id: 'due', type: 'ai', prompt: `From these excerpts list contracts renewing within ${p.days} days as JSON {"contracts":[{"name":"","renews":""}]}:\n{{ $string(steps.contracts) }}`, output: 'json' },
      { id: 'each', type: 'for_each', items: 'steps.due.json.contracts', steps: [{ id: 'remind', type: 'action', action: 'slack.post_message', input: { channel: p.channel, text: '{{ item.name }} renews on {{ item.renews }}' } }] },
    ],
  }),
});
