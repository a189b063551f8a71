import { z } from 'zod';
import { defineTemplate } from './types.js';

// No placeholder defaults: what names a place (channel, address, URL) is asked before the workflow is made.
const channel = z.string().min(1).describe('Slack channel');

export const githubIssueToNotion = defineTemplate({
  id: 'github-issue-to-notion',
  name: 'New GitHub issue → Notion page',
  description: 'Each new issue in a repository becomes a page in a Notion database, with an AI triage note.',
  category: 'engineering',
  params: z.object({ owner: z.string().min(1).describe('GitHub repository owner'), repo: z.string().min(1).describe('GitHub repository name'), databaseId: z.string().min(1).describe('Notion database id') }),
  sample: { issue: { number: 42, title: 'Login fails on Safari', body: 'Steps to reproduce...', html_url: 'https://github.com/acme/app/issues/42', user: { login: 'ada' } } },
  build: (p) => ({
    trigger: { type: 'integration', trigger: 'github.new_issue', mode: 'poll', config: { owner: p.owner, repo: p.repo } },
    steps: [
      { id: 'triage', type: 'ai', prompt: 'Classify this issue (bug/feature/question) and estimate severity as JSON {"kind":"","severity":""}:\n{{ trigger.issue.title }}\n{{ trigger.issue.body }}', output: 'json' },
      { id: 'page', type: 'action', action: 'notion.create_page', input: { databaseId: p.databaseId, title: '#{{ trigger.issue.number }} {{ trigger.issue.title }}', properties: { Kind: '{{ steps.triage.json.kind }}', Severity: '{{ steps.triage.json.severity }}', URL: '{{ trigger.issue.html_url }}' } } },
    ],
  }),
});

export const invoiceIntake = defineTemplate({
  id: 'invoice-intake-approval',
  name: 'Invoice PDF intake → fields → sheet row → approval over a limit',
  description: 'New invoice PDFs are read, their fields extracted, a spreadsheet row appended, and invoices over a limit wait for approval before being marked payable.',
  category: 'finance',
  params: z.object({ folder: z.string().default('Invoices/Inbox'), spreadsheetId: z.string().min(1).describe('Google Sheets spreadsheet id or link'), limit: z.number().default(10_000), approverChannel: channel }),
  sample: { file: { id: 'f9', name: 'INV-1001.pdf', text: 'Invoice INV-1001 from Acme GmbH, total EUR 12,400.00, due 2026-12-31' } },
  build: (p) => ({
    trigger: { type: 'integration', trigger: 'drive.new_file', mode: 'poll', config: { folder: p.folder, mimeType: 'application/pdf' } },
    steps: [
      { id: 'fields', type: 'ai', prompt: 'Extract invoice fields as JSON {"number":"","vendor":"","total":0,"currency":"","due":""}:\n{{ trigger.file.text }}', output: 'json' },
      // Columns by the sheet's header row (an empty Invoices sheet gets these headers on the first row).
      {
        id: 'row',
        type: 'action',
        action: 'google_sheets.append_row',
        input: { spreadsheetId: p.spreadsheetId, sheet: 'Invoices', values: { Number: '{{ steps.fields.json.number }}', Vendor: '{{ steps.fields.json.vendor }}', Total: '{{ steps.fields.json.total }}', Currency: '{{ steps.fields.json.currency }}', Due: '{{ steps.fields.json.due }}', File: '{{ trigger.file.name }}' } },
      },
      {
        id: 'over_limit',
        type: 'if',
        condition: `steps.fields.json.total > ${p.limit}`,
        then: [
          { id: 'ask', type: 'action', action: 'slack.post_message', input: { channel: p.approverChannel, text: 'Invoice {{ steps.fields.json.number }} over limit: {{ steps.fields.json.total }}' } },
          { id: 'approval', type: 'wait_for_approval', message: 'Approve invoice {{ steps.fields.json.number }} ({{ steps.fields.json.total }})?', timeoutMs: 7 * 86_400_000 },
        ],
        else: [],
      },
      { id: 'status', type: 'set', values: { payable: '{{ steps.over_limit.branch = "else" or steps.approval.approved = true }}' } },
    ],
  }),
});

export const leadIntake = defineTemplate({
  id: 'lead-form-to-crm-welcome',
  name: 'Lead from form webhook → CRM → welcome email',
  description: 'A web form posts a lead; it becomes a CRM contact and gets a welcome email. Answers the form with the contact id.',
  category: 'sales',
  params: z.object({ fromName: z.string().default('The Team') }),
  sample: { method: 'POST', body: { email: 'lead@example.com', name: 'Grace', company: 'Navy' } },
  build: (p) => ({
    trigger: { type: 'webhook', methods: ['POST'], respond: 'when_finished' },
    steps: [
      { id: 'valid', type: 'if', condition: '$not($contains(trigger.body.email, "@"))', then: [{ id: 'reject', type: 'fail', message: 'lead without a valid email' }] },
      { id: 'contact', type: 'action', action: 'hubspot.create_contact', input: { email: '{{ trigger.body.email }}', firstname: '{{ trigger.body.name }}', company: '{{ trigger.body.company }}' } },
      { id: 'welcome', type: 'action', action: 'gmail.send_email', input: { to: ['{{ trigger.body.email }}'], subject: 'Welcome, {{ trigger.body.name }}!', text: `Thanks for reaching out. — ${p.fromName}` } },
    ],
    output: '{ "contactId": steps.contact.id }',
  }),
});

export const supportTriage = defineTemplate({
  id: 'support-email-triage',
  name: 'Support email triage',
  description: 'Classify incoming support email and route it to the right channel; urgent ones also page on-call.',
  category: 'support',
  params: z.object({ billing: channel, bugs: channel, general: channel, oncallUrl: z.url() }),
  sample: { email: { from: 'c@example.com', subject: 'Charged twice', text: 'I was charged twice this month.' } },
  build: (p) => ({
    trigger: { type: 'integration', trigger: 'gmail.new_email', mode: 'poll', config: { query: 'label:support' } },
    steps: [
      { id: 'kind', type: 'ai', prompt: 'Classify as JSON {"category":"billing|bug|other","urgent":false}:\n{{ trigger.email.subject }}\n{{ trigger.email.text }}', output: 'json' },
      {
        id: 'route',
        type: 'switch',
        value: 'steps.kind.json.category',
        cases: [
          { when: 'billing', steps: [{ id: 'to_billing', type: 'action', action: 'slack.post_message', input: { channel: p.billing, text: '{{ trigger.email.subject }} from {{ trigger.email.from }}' } }] },
          { when: 'bug', steps: [{ id: 'to_bugs', type: 'action', action: 'slack.post_message', input: { channel: p.bugs, text: '{{ trigger.email.subject }}' } }] },
        ],
        default: [{ id: 'to_general', type: 'action', action: 'slack.post_message', input: { channel: p.general, text: '{{ trigger.email.subject }}' } }],
      },
      { id: 'urgent', type: 'if', condition: 'steps.kind.json.urgent = true', then: [{ id: 'page', type: 'http', input: { method: 'POST', url: p.oncallUrl, body: { summary: '{{ trigger.email.subject }}' } } }] },
    ],
  }),
});

export const onboarding = defineTemplate({
  id: 'employee-onboarding',
  name: 'Employee onboarding',
  description: 'A new hire webhook creates accounts, sends a welcome email and introduces them in Slack, in parallel.',
  category: 'operations',
  params: z.object({ accountsUrl: z.url(), channel: channel }),
  sample: { body: { name: 'Linus', email: 'linus@example.com', team: 'Platform', start: '2026-12-01' } },
  build: (p) => ({
    trigger: { type: 'webhook', methods: ['POST'], respond: 'immediately' },
    steps: [
      {
        id: 'setup',
        type: 'parallel',
        branches: [
          [{ id: 'account', type: 'http', input: { method: 'POST', url: p.accountsUrl, body: { email: '{{ trigger.body.email }}', team: '{{ trigger.body.team }}' } } }],
          [{ id: 'welcome', type: 'action', action: 'gmail.send_email', input: { to: ['{{ trigger.body.email }}'], subject: 'Welcome aboard', text: 'See you on {{ trigger.body.start }}!' } }],
          [{ id: 'intro', type: 'action', action: 'slack.post_message', input: { channel: p.channel, text: 'Please welcome {{ trigger.body.name }} to {{ trigger.body.team }}!' } }],
        ],
      },
      { id: 'done', type: 'action', action: 'core.log', input: { message: 'Onboarding started for {{ trigger.body.name }}' } },
    ],
  }),
});

export const expenseApproval = defineTemplate({
  id: 'expense-approval',
  name: 'Expense approval',
  description: 'Expenses above a limit wait for a manager approval; approved or small ones are sent to accounting.',
  category: 'finance',
  params: z.object({ limit: z.number().default(500), accountingUrl: z.url() }),
  sample: { body: { employee: 'Ada', amount: 830, currency: 'EUR', purpose: 'Conference' } },
  build: (p) => ({
    trigger: { type: 'webhook', methods: ['POST'], respond: 'immediately' },
    steps: [
      { id: 'needs_ok', type: 'if', condition: `trigger.body.amount > ${p.limit}`, then: [{ id: 'approval', type: 'wait_for_approval', message: '{{ trigger.body.employee }} spent {{ trigger.body.amount }} {{ trigger.body.currency }} on {{ trigger.body.purpose }}', timeoutMs: 3 * 86_400_000 }] },
      { id: 'approved', type: 'transform', expression: 'steps.needs_ok.branch = "else" or steps.approval.approved = true' },
      { id: 'book', type: 'if', condition: 'steps.approved', then: [{ id: 'send', type: 'http', input: { method: 'POST', url: p.accountingUrl, body: '{{ trigger.body }}' } }], else: [{ id: 'rejected', type: 'action', action: 'core.log', input: { message: 'Expense rejected', level: 'warn' } }] },
    ],
  }),
});

export const feedbackAnalysis = defineTemplate({
  id: 'customer-feedback-sentiment',
  name: 'Customer feedback sentiment alert',
  description: 'Score feedback from a form; negative feedback alerts the team with a suggested reply.',
  category: 'support',
  params: z.object({ channel: channel }),
  sample: { body: { customer: 'Acme', text: 'The export has been broken for a week. Very disappointed.' } },
  build: (p) => ({
    trigger: { type: 'webhook', methods: ['POST'], respond: 'immediately' },
    steps: [
      { id: 'score', type: 'ai', prompt: 'Score sentiment -1..1 and suggest a reply as JSON {"score":0,"reply":""}:\n{{ trigger.body.text }}', output: 'json' },
      { id: 'negative', type: 'if', condition: 'steps.score.json.score < -0.3', then: [{ id: 'alert', type: 'action', action: 'slack.post_message', input: { channel: p.channel, text: 'Unhappy feedback from {{ trigger.body.customer }}: {{ trigger.body.text }}\nSuggested reply: {{ steps.score.json.reply }}' } }] },
    ],
  }),
});

export const incidentEscalation = defineTemplate({
  id: 'incident-escalation',
  name: 'Incident escalation',
  description: 'An alert posts to the on-call channel and waits for an acknowledgement; without one in time it escalates by email.',
  category: 'engineering',
  params: z.object({ channel: channel, ackMinutes: z.number().int().min(1).default(15), escalateTo: z.email() }),
  sample: { body: { title: 'API error rate 12%', severity: 'high' } },
  build: (p) => ({
    trigger: { type: 'webhook', methods: ['POST'], respond: 'immediately' },
    steps: [
      { id: 'notify', type: 'action', action: 'slack.post_message', input: { channel: p.channel, text: ':rotating_light: {{ trigger.body.title }} ({{ trigger.body.severity }})' } },
      {
        id: 'ack',
        type: 'wait_for_webhook',
        timeoutMs: p.ackMinutes * 60_000,
        onError: 'branch',
        errorSteps: [{ id: 'escalate', type: 'action', action: 'gmail.send_email', input: { to: [p.escalateTo], subject: 'Unacknowledged: {{ trigger.body.title }}', text: 'Nobody acknowledged within the window.' } }],
      },
    ],
  }),
});

export const prReminder = defineTemplate({
  id: 'stale-pull-request-reminder',
  name: 'Stale pull request reminder',
  description: 'Each weekday, list open pull requests older than a few days and remind the team.',
  category: 'engineering',
  params: z.object({ repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, { error: 'owner/name' }).describe('GitHub repository (owner/name)'), days: z.number().int().min(1).default(3), channel: channel }),
  sample: {},
  build: (p) => ({
    trigger: { type: 'schedule', cron: '0 10 * * 1-5', timezone: 'UTC' },
    steps: [
      { id: 'prs', type: 'http', input: { url: `https://api.github.com/repos/${p.repository}/pulls`, query: { state: 'open', per_page: 100 }, headers: { accept: 'application/vnd.github+json' } } },
      { id: 'stale', type: 'transform', expression: `[steps.prs.body[$toMillis(created_at) < $toMillis(env.now) - ${p.days} * 86400000]]` },
      { id: 'each', type: 'for_each', items: 'steps.stale', concurrency: 2, steps: [{ id: 'remind', type: 'action', action: 'slack.post_message', input: { channel: p.channel, text: 'PR #{{ item.number }} "{{ item.title }}" has been open for a while: {{ item.html_url }}' } }] },
    ],
  }),
});

export const slackToTask = defineTemplate({
  id: 'slack-message-to-task',
  name: 'Slack message → task',
  description: 'Messages in a channel that read like a request become tasks in a Notion database.',
  category: 'operations',
  params: z.object({ channel: channel, databaseId: z.string().min(1).describe('Notion database id') }),
  sample: { message: { text: 'Can someone update the pricing page by Friday?', user: 'U1', ts: '1.2' } },
  build: (p) => ({
    trigger: { type: 'integration', trigger: 'slack.new_message', mode: 'poll', config: { channel: p.channel } },
    steps: [
      { id: 'is_task', type: 'ai', prompt: 'Is this a request someone must act on? JSON {"task":true,"title":"","due":""}:\n{{ trigger.message.text }}', output: 'json' },
      { id: 'create', type: 'if', condition: 'steps.is_task.json.task = true', then: [{ id: 'page', type: 'action', action: 'notion.create_page', input: { databaseId: p.databaseId, title: '{{ steps.is_task.json.title }}', properties: { Due: '{{ steps.is_task.json.due }}' } } }] },
    ],
  }),
});

export const subscriptionRenewal = defineTemplate({
  id: 'payment-failed-dunning',
  name: 'Failed payment follow-up',
  description: 'A failed-payment webhook sends a friendly email, waits three days, checks again and escalates to sales.',
  category: 'sales',
  params: z.object({ statusUrl: z.url(), channel: channel }),
  sample: { body: { customerId: 'cus_1', email: 'billing@acme.test', amount: 99 } },
  build: (p) => ({
    trigger: { type: 'webhook', methods: ['POST'], respond: 'immediately' },
    steps: [
      { id: 'first', type: 'action', action: 'gmail.send_email', input: { to: ['{{ trigger.body.email }}'], subject: 'Your payment did not go through', text: 'Please update your card.' } },
      { id: 'wait', type: 'delay', ms: 3 * 86_400_000 },
      { id: 'check', type: 'http', input: { url: `${p.statusUrl}/{{ trigger.body.customerId }}` } },
      { id: 'still', type: 'if', condition: 'steps.check.body.delinquent = true', then: [{ id: 'escalate', type: 'action', action: 'slack.post_message', input: { channel: p.channel, text: 'Customer {{ trigger.body.customerId }} still has a failed payment of {{ trigger.body.amount }}' } }] },
    ],
  }),
});
