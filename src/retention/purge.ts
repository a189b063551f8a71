import { Counter } from 'prom-client';
import { auditRetentionClass, chainOf, recordAudit, type AuditEntry } from '../audit/index.js';
import { perObject } from '../platform/context-state.js';
import type { AppContext } from '../platform/index.js';
import { retentionPolicies } from './policies.js';
import { retentionClasses, type RetentionClass } from './registry.js';

const DAY_MS = 24 * 60 * 60 * 1000;

// One counter per app's metrics registry (tests run several apps in one process).
const purgedCounters = perObject(
  (registry: AppContext['metrics']['registry']): Counter<'data_class'> =>
    new Counter({ name: 'atom_retention_purged_items_total', help: 'Items removed by retention purges, by data class.', labelNames: ['data_class'], registers: [registry] }),
);
const purgedCounter = (ctx: AppContext): Counter<'data_class'> => purgedCounters(ctx.metrics.registry);

export const cutoffFor = (asOf: Date, keepDays: number): string => new Date(asOf.getTime() - keepDays * DAY_MS).toISOString();

export interface ClassPreview {
  name: string;
  label: string;
  description: string;
  minimumDays: number;
  /** null: kept forever. */
  keepDays: number | null;
  cutoff: string | null;
  /** How many items the purge would remove now. */
  total: number;
  /** The first of them (oldest first), up to the asked limit. */
  ids: string[];
}

export interface RetentionPreview {
  workspaceId: string;
  asOf: string;
  legalHold: boolean;
  classes: ClassPreview[];
}

/** The dry run: per data class, what a purge at `asOf` would remove. Changes nothing. */
export async function previewRetention(
  ctx: AppContext,
  workspaceId: string,
  options: { asOf?: Date; idLimit?: number; dataClass?: string } = {},
): Promise<RetentionPreview> {
  const asOf = options.asOf ?? new Date();
  const policies = retentionPolicies(ctx.db);
  const keep = await policies.keepDaysByClass(workspaceId);
  const classes: ClassPreview[] = [];
  for (const c of retentionClasses(ctx)) {
    if (options.dataClass && c.name !== options.dataClass) continue;
    const keepDays = keep.get(c.name) ?? null;
    const base = { name: c.name, label: c.label, description: c.description, minimumDays: c.minimumDays ?? 1, keepDays };
    if (keepDays === null) {
      classes.push({ ...base, cutoff: null, total: 0, ids: [] });
      continue;
    }
    const cutoff = cutoffFor(asOf, keepDays);
    const { ids, total } = await c.preview(ctx.db, workspaceId, cutoff, options.idLimit ?? 100);
    classes.push({ ...base, cutoff, total, ids });
  }
  return { workspaceId, asOf: asOf.toISOString(), legalHold: (await policies.legalHold(workspaceId)).enabled, classes };
}

export interface PurgeReport {
  workspaceId: string;
  asOf: string;
  /** True when a legal hold stopped the purge (before it started, or between batches). */
  heldBack: boolean;
  /** `failed`: a batch threw (logged); the next run tries again. */
  classes: { name: string; cutoff: string; deleted: number; failed?: true }[];
}

export interface PurgeOptions {
  asOf?: Date;
  batchSize?: number;
  /** Who asked (for the audit entry); the scheduled purge is the system. */
  actor?: Pick<AuditEntry, 'actorId' | 'actorType' | 'ip' | 'userAgent' | 'requestId'>;
}

/**
 * Removes, class by class and in small batches, what the preview at `asOf` lists: each batch is the
 * preview's next ids handed to the class's purge, so nothing the preview would not list is touched. A legal
 * hold, checked before every batch, stops it. The purge is audited, also when it removed nothing.
 */
export async function purgeWorkspace(ctx: AppContext, workspaceId: string, options: PurgeOptions = {}): Promise<PurgeReport> {
  const asOf = options.asOf ?? new Date();
  const batchSize = options.batchSize ?? ctx.config.ATOM_RETENTION_BATCH_SIZE;
  const policies = retentionPolicies(ctx.db);
  const keep = await policies.keepDaysByClass(workspaceId);
  const report: PurgeReport = { workspaceId, asOf: asOf.toISOString(), heldBack: false, classes: [] };
  const held = async () => (await policies.legalHold(workspaceId)).enabled;

  for (const c of retentionClasses(ctx)) {
    const keepDays = keep.get(c.name) ?? null;
    if (keepDays === null) continue;
    const cutoff = cutoffFor(asOf, keepDays);
    const entry: PurgeReport['classes'][number] = { name: c.name, cutoff, deleted: 0 };
    report.classes.push(entry);
    for (;;) {
      if (await held()) {
        report.heldBack = true;
        break;
      }
      const ids = await previewBatch(ctx, c, workspaceId, cutoff, batchSize);
      if (ids === undefined) {
        entry.failed = true;
        break;
      }
      if (ids.length === 0) break;
      const deleted = await purgeBatch(ctx, c, workspaceId, cutoff, ids);
      if (deleted === undefined) {
        entry.failed = true;
        break;
      }
      entry.deleted += deleted;
      purgedCounter(ctx).inc({ data_class: c.name }, deleted);
      if (deleted === 0 || ids.length < batchSize) break;
    }
    if (report.heldBack) break;
  }

  const actor = options.actor ?? { actorId: null, actorType: 'system' as const };
  await recordAudit(ctx.db, {
    ...actor,
    workspaceId,
    action: 'retention.purged',
    outcome: report.heldBack ? 'denied' : report.classes.some((c) => c.failed) ? 'failure' : 'success',
    details: { asOf: report.asOf, heldBack: report.heldBack, classes: report.classes },
  });
  await policies.recordPurge(workspaceId, report);
  ctx.logger.info({ workspaceId, heldBack: report.heldBack, classes: report.classes }, 'retention purge finished');
  return report;
}

async function previewBatch(ctx: AppContext, c: RetentionClass, workspaceId: string, cutoff: string, limit: number): Promise<string[] | undefined> {
  try {
    return (await c.preview(ctx.db, workspaceId, cutoff, limit)).ids;
  } catch (err) {
    ctx.logger.error({ err, workspaceId, dataClass: c.name }, 'retention preview failed');
    return undefined;
  }
}

/** One batch; undefined when the class threw (logged), so one broken class does not stop the others. */
async function purgeBatch(ctx: AppContext, c: RetentionClass, workspaceId: string, cutoff: string, ids: string[]): Promise<number | undefined> {
  try {
    return await c.purge(ctx.db, workspaceId, cutoff, ids);
  } catch (err) {
    ctx.logger.error({ err, workspaceId, dataClass: c.name }, 'retention purge batch failed');
    return undefined;
  }
}

/**
 * Audit entries outside any workspace (the `_system` chain) have no workspace to set a period: they are
 * kept ATOM_AUDIT_SYSTEM_KEEP_DAYS, so anonymous failed sign-ins cannot grow the table forever.
 */
export async function purgeSystemAudit(ctx: AppContext, asOf = new Date()): Promise<number> {
  const days = ctx.config.ATOM_AUDIT_SYSTEM_KEEP_DAYS;
  if (days === 0) return 0;
  const chain = chainOf(null);
  const cutoff = cutoffFor(asOf, days);
  let deleted = 0;
  for (;;) {
    const { ids } = await auditRetentionClass.preview(ctx.db, chain, cutoff, ctx.config.ATOM_RETENTION_BATCH_SIZE);
    if (ids.length === 0) break;
    const n = await auditRetentionClass.purge(ctx.db, chain, cutoff, ids);
    deleted += n;
    if (n === 0 || ids.length < ctx.config.ATOM_RETENTION_BATCH_SIZE) break;
  }
  if (deleted > 0) {
    purgedCounter(ctx).inc({ data_class: 'audit' }, deleted);
    await recordAudit(ctx.db, {
      workspaceId: null,
      actorId: null,
      actorType: 'system',
      action: 'retention.purged',
      outcome: 'success',
      details: { asOf: asOf.toISOString(), classes: [{ name: 'audit', cutoff, deleted }] },
    });
  }
  return deleted;
}

/** The scheduled run: every workspace with a finite period; those under legal hold are skipped. */
export async function purgeAllWorkspaces(ctx: AppContext, options: Omit<PurgeOptions, 'actor'> = {}): Promise<PurgeReport[]> {
  const reports: PurgeReport[] = [];
  const policies = retentionPolicies(ctx.db);
  for (const workspaceId of await policies.workspacesWithPolicies()) {
    if ((await policies.legalHold(workspaceId)).enabled) {
      ctx.logger.debug({ workspaceId }, 'retention purge skipped: legal hold');
      continue;
    }
    reports.push(await purgeWorkspace(ctx, workspaceId, options));
  }
  return reports;
}
