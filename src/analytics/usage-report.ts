import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/index.js';
import { workflowTemplates } from '../workflows/index.js';

export interface UsageRange {
  /** Inclusive ISO date or time. */
  from: string;
  /** Exclusive ISO date or time. */
  to: string;
}

export interface UsageReport {
  range: UsageRange;
  runsPerDay: { day: string; workflowId: string; workflowName: string; status: string; runs: number }[];
  ai: { userId: string; userName: string; provider: string; model: string; calls: number; inputTokens: number; outputTokens: number; costUsd: number }[];
  memoryDocuments: { source: string; documents: number; bytes: number }[];
  searchesPerDay: { day: string; searches: number; zeroResults: number }[];
  /** Templates by use in the range: workflows made from them, and runs of those workflows. */
  templates: { templateId: string; templateName: string; instantiations: number; runs: number }[];
}

// substr(...) on ISO-8601 text is the day in both SQLite and PostgreSQL (the portable time convention).
const day = sql<string>`substr(created_at, 1, 10)`;

/**
 * Usage of one workspace over a time range, aggregated in the database (never by loading rows):
 * runs per day by workflow and status, AI tokens and cost by user and model, memory documents per source,
 * and memory searches per day.
 */
export async function usageReport(db: Kysely<Database>, workspaceId: string, range: UsageRange): Promise<UsageReport> {
  const runs = await db
    .selectFrom('workflow_runs as r')
    .leftJoin('workflows as w', 'w.id', 'r.workflow_id')
    .select([
      sql<string>`substr(r.created_at, 1, 10)`.as('day'),
      'r.workflow_id as workflowId',
      'w.name as workflowName',
      'r.status as status',
      (eb) => eb.fn.countAll<number>().as('runs'),
    ])
    .where('r.workspace_id', '=', workspaceId)
    .where('r.created_at', '>=', range.from)
    .where('r.created_at', '<', range.to)
    .groupBy([sql`substr(r.created_at, 1, 10)`, 'r.workflow_id', 'w.name', 'r.status'])
    .orderBy('day')
    .execute();

  const ai = await db
    .selectFrom('ai_usage as u')
    .leftJoin('auth_users as usr', 'usr.id', 'u.user_id')
    .select([
      'u.user_id as userId',
      'usr.name as userName',
      'u.provider as provider',
      'u.model as model',
      (eb) => eb.fn.countAll<number>().as('calls'),
      (eb) => eb.fn.sum<number>('u.input_tokens').as('inputTokens'),
      (eb) => eb.fn.sum<number>('u.output_tokens').as('outputTokens'),
      (eb) => eb.fn.sum<number>('u.cost_usd').as('costUsd'),
    ])
    .where('u.workspace_id', '=', workspaceId)
    .where('u.created_at', '>=', range.from)
    .where('u.created_at', '<', range.to)
    .groupBy(['u.user_id', 'usr.name', 'u.provider', 'u.model'])
    .orderBy('costUsd', 'desc')
    .execute();

  const documents = await db
    .selectFrom('memory_documents')
    .select(['source', (eb) => eb.fn.countAll<number>().as('documents'), (eb) => eb.fn.sum<number>('size_bytes').as('bytes')])
    .where('workspace_id', '=', workspaceId)
    .groupBy('source')
    .orderBy('source')
    .execute();

  const searches = await db
    .selectFrom('memory_queries')
    .select([
      day.as('day'),
      (eb) => eb.fn.countAll<number>().as('searches'),
      (eb) => eb.fn.sum<number>(eb.case().when('results', '=', 0).then(1).else(0).end()).as('zeroResults'),
    ])
    .where('workspace_id', '=', workspaceId)
    .where('created_at', '>=', range.from)
    .where('created_at', '<', range.to)
    .groupBy(day)
    .orderBy('day')
    .execute();

  const instantiations = await db
    .selectFrom('workflow_template_uses')
    .select(['template_id as templateId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('created_at', '>=', range.from)
    .where('created_at', '<', range.to)
    .groupBy('template_id')
    .execute();
  const templateRuns = await db
    .selectFrom('workflow_runs as r')
    .innerJoin('workflow_template_uses as u', 'u.workflow_id', 'r.workflow_id')
    .select(['u.template_id as templateId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('r.workspace_id', '=', workspaceId)
    .where('r.created_at', '>=', range.from)
    .where('r.created_at', '<', range.to)
    .groupBy('u.template_id')
    .execute();

  const num = (v: unknown) => Number(v ?? 0);
  const byTemplate = new Map<string, { instantiations: number; runs: number }>();
  for (const r of instantiations) byTemplate.set(r.templateId, { instantiations: num(r.n), runs: 0 });
  for (const r of templateRuns) byTemplate.set(r.templateId, { instantiations: byTemplate.get(r.templateId)?.instantiations ?? 0, runs: num(r.n) });
  const names = new Map(workflowTemplates.map((t) => [t.id, t.name]));
  return {
    range,
    runsPerDay: runs.map((r) => ({ day: r.day, workflowId: r.workflowId, workflowName: r.workflowName ?? '(deleted workflow)', status: r.status, runs: num(r.runs) })),
    ai: ai.map((a) => ({
      userId: a.userId,
      userName: a.userName ?? '(removed user)',
      provider: a.provider,
      model: a.model,
      calls: num(a.calls),
      inputTokens: num(a.inputTokens),
      outputTokens: num(a.outputTokens),
      costUsd: Math.round(num(a.costUsd) * 1e6) / 1e6,
    })),
    memoryDocuments: documents.map((d) => ({ source: d.source, documents: num(d.documents), bytes: num(d.bytes) })),
    searchesPerDay: searches.map((s) => ({ day: s.day, searches: num(s.searches), zeroResults: num(s.zeroResults) })),
    templates: [...byTemplate.entries()]
      .map(([templateId, n]) => ({ templateId, templateName: names.get(templateId) ?? templateId, ...n }))
      .sort((a, b) => b.runs - a.runs || b.instantiations - a.instantiations || a.templateId.localeCompare(b.templateId)),
  };
}

const csvCell = (v: string | number) => {
  const s = String(v);
  // Quote when needed, and defuse spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The report as one CSV file: a `section` column says which table each row belongs to. */
export function usageCsv(report: UsageReport): string {
  const lines = ['section,day,workflow,status,user,provider,model,source,count,input_tokens,output_tokens,cost_usd,bytes,zero_results,template,instantiations'];
  // Sections that predate the template columns leave them empty.
  const row = (cells: (string | number)[]) => lines.push([...cells, ...Array<string>(16 - cells.length).fill('')].map(csvCell).join(','));
  for (const r of report.runsPerDay) row(['runs', r.day, r.workflowName, r.status, '', '', '', '', r.runs, '', '', '', '', '']);
  for (const a of report.ai) row(['ai', '', '', '', a.userName, a.provider, a.model, '', a.calls, a.inputTokens, a.outputTokens, a.costUsd, '', '']);
  for (const d of report.memoryDocuments) row(['memory_documents', '', '', '', '', '', '', d.source, d.documents, '', '', '', d.bytes, '']);
  for (const s of report.searchesPerDay) row(['memory_searches', s.day, '', '', '', '', '', '', s.searches, '', '', '', '', s.zeroResults]);
  for (const t of report.templates) row(['templates', '', '', '', '', '', '', '', t.runs, '', '', '', '', '', t.templateName, t.instantiations]);
  return `${lines.join('\n')}\n`;
}
