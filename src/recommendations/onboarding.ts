import type { Principal } from '../platform/http/index.js';
import type { Permission } from '../platform/access/index.js';
import type { AppContext } from '../platform/index.js';
import type { Onboarding, OnboardingStepId } from '../shared/recommendations.js';

export { onboardingSchema, onboardingStepIds, type Onboarding, type OnboardingStepId } from '../shared/recommendations.js';

/** Dismissing the checklist is remembered like a dismissed suggestion (same table, per user). */
export const ONBOARDING_DISMISS_KEY = 'onboarding:checklist';

type Step = Onboarding['steps'][number];

interface StepRule {
  id: OnboardingStepId;
  /** Only offered to people who can do it (a viewer is not asked to connect a service). */
  needs: Permission;
  optional: boolean;
  title: string;
  description: string;
  action: Step['action'];
  done(ctx: AppContext, caller: Principal): Promise<boolean>;
}

const exists = async (q: { executeTakeFirst(): Promise<unknown> }) => (await q.executeTakeFirst()) !== undefined;

const steps: StepRule[] = [
  {
    id: 'connect_service',
    needs: 'connections:manage',
    optional: false,
    title: 'Connect a service',
    description: 'Slack, Gmail, Google Drive, GitHub… so workflows can act there and memory can read your files.',
    action: { label: 'Open integrations', href: '/integrations' },
    done: (ctx, c) =>
      exists(
        ctx.db
          .selectFrom('integration_connections')
          .select('id')
          .where('workspace_id', '=', c.workspaceId)
          .where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '=', c.userId)]))
          .where('status', '!=', 'revoked')
          .limit(1),
      ),
  },
  {
    id: 'create_workflow',
    needs: 'workflows:write',
    optional: false,
    title: 'Create a workflow',
    description: 'Start from a working template, describe one in chat, or begin with a blank one.',
    action: { label: 'Try a template', href: '/workflows' },
    done: (ctx, c) => exists(ctx.db.selectFrom('workflows').select('id').where('workspace_id', '=', c.workspaceId).limit(1)),
  },
  {
    id: 'add_documents',
    needs: 'memory:write',
    optional: false,
    title: 'Upload documents',
    description: 'Add files (or a synced folder) so you can ask what they say.',
    action: { label: 'Open memory', href: '/memory' },
    done: (ctx, c) => exists(ctx.db.selectFrom('memory_documents').select('id').where('workspace_id', '=', c.workspaceId).limit(1)),
  },
  {
    id: 'first_run',
    needs: 'workflows:run',
    optional: false,
    title: 'Run a workflow',
    description: 'A dry run or a real one: the run page shows every step.',
    action: { label: 'Open workflows', href: '/workflows' },
    done: (ctx, c) => exists(ctx.db.selectFrom('workflow_runs').select('id').where('workspace_id', '=', c.workspaceId).limit(1)),
  },
  {
    id: 'model_key',
    needs: 'ai:use',
    optional: true,
    title: 'Add an AI model key (optional)',
    description: 'Chat and drafting work without one; a key adds written answers and reasoning.',
    action: { label: 'Settings → AI', href: '/settings/ai' },
    done: (ctx, c) =>
      exists(
        ctx.db
          .selectFrom('ai_keys')
          .select('id')
          .where('workspace_id', '=', c.workspaceId)
          .where((eb) => eb.or([eb('owner_user_id', 'is', null), eb('owner_user_id', '=', c.userId)]))
          .limit(1),
      ),
  },
];

/** The caller's first-run checklist: each step ticked from what exists in the workspace, not from clicks. */
export async function onboardingFor(ctx: AppContext, caller: Principal): Promise<Onboarding> {
  const mine = steps.filter((s) => caller.permissions.has(s.needs));
  const [dismissed, ...done] = await Promise.all([
    exists(
      ctx.db
        .selectFrom('recommendation_dismissals')
        .select('key')
        .where('workspace_id', '=', caller.workspaceId)
        .where('user_id', '=', caller.userId)
        .where('key', '=', ONBOARDING_DISMISS_KEY),
    ),
    ...mine.map((s) => s.done(ctx, caller)),
  ]);
  const out = mine.map((s, i) => ({ id: s.id, title: s.title, description: s.description, done: done[i] ?? false, optional: s.optional, action: s.action }));
  return { dismissed, complete: out.every((s) => s.done || s.optional), steps: out };
}
