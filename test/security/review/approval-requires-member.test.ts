import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowRuntime } from '../../../src/workflows/index.js';
import { addMember, signUpOwner, type TestActor } from '../../support/auth.js';
import { createTestApp, dialects } from '../../support/context.js';

/**
 * Finding 10 of the security review: anyone who could read a run could approve its `wait_for_approval`
 * step through the resume URL shown in the run, without signing in. An approval is a signed-in decision
 * by a member allowed to run the workflow (or one of the approvers the step names), taken through
 * POST /api/runs/:id/approval; the run and the audit trail record who decided.
 */
const env = { ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000', ATOM_JOBS_POLL_INTERVAL_MS: '20' };

interface StepView {
  stepKey: string;
  stepId: string;
  status: string;
  input: Record<string, unknown> | null;
  output: Record<string, unknown> | null;
}
interface RunView {
  id: string;
  status: string;
  output: unknown;
  steps: StepView[];
}

describe.each(dialects)('finding 10: approvals need a signed-in member who may run the workflow, on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  let member: TestActor;
  let viewer: TestActor;

  beforeAll(async () => {
    t = await createTestApp(dialect, env);
    workflowRuntime(t.ctx).startWorkers();
    owner = await signUpOwner(t.app);
    member = await addMember(t.app, owner, 'member');
    viewer = await addMember(t.app, owner, 'viewer');
  }, 60_000);
  afterAll(() => t.cleanup());

  const startRun = async (approval: Record<string, unknown> = {}) => {
    const definition = {
      trigger: { type: 'manual' },
      steps: [
        { id: 'approval', type: 'wait_for_approval', message: 'Pay the invoice?', ...approval },
        { id: 'after', type: 'transform', expression: 'steps.approval.approved' },
      ],
    };
    const created = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: `approval ${Math.random()}`, definition } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    const run = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: owner.bearer, payload: {} });
    expect(run.statusCode, run.body).toBeLessThan(300);
    const runId = run.json<{ id: string }>().id;
    // The viewer reads the run like anyone who may read runs.
    for (let i = 0; i < 300; i++) {
      const view = await getRun(runId, viewer);
      const step = view.steps.find((s) => s.stepId === 'approval');
      if (step?.status === 'waiting') return { runId, view, step };
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the approval step never started waiting');
  };
  const getRun = async (runId: string, actor: TestActor = owner) => {
    const res = await t.app.inject({ url: `/api/runs/${runId}`, headers: actor.bearer });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<RunView>();
  };
  const finished = async (runId: string) => {
    for (let i = 0; i < 300; i++) {
      const view = await getRun(runId);
      if (['succeeded', 'failed', 'cancelled'].includes(view.status)) return view;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('run did not finish');
  };
  const stillWaiting = async (runId: string) => {
    // Give a wrongly resumed run time to move on before looking.
    await new Promise((r) => setTimeout(r, 300));
    const view = await getRun(runId);
    expect(view.status).toBe('waiting');
    expect(view.steps.find((s) => s.stepId === 'approval')).toMatchObject({ status: 'waiting' });
  };
  const decide = (runId: string, headers: Record<string, string>, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/runs/${runId}/approval`, headers, payload });
  const auditOf = async (action: string) =>
    (await t.app.inject({ url: `/api/audit?action=${action}`, headers: owner.bearer })).json<{ items: { actor: { id: string | null }; target: { id: string } | null; details: Record<string, unknown> }[] }>().items;

  it('finding 10: the run shows no resume token for an approval, and an unsigned resume request is refused and changes nothing', async () => {
    const { runId, step } = await startRun();
    // What a reader of the run sees must not be a capability to approve it.
    expect(JSON.stringify(step.input ?? {})).not.toContain('/api/hooks/wait/');
    const resumeUrl = typeof step.input?.['resumeUrl'] === 'string' ? step.input['resumeUrl'] : undefined;
    if (resumeUrl) {
      const anonymous = await t.app.inject({ method: 'POST', url: resumeUrl, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ approved: true }) });
      expect(anonymous.statusCode).toBe(401);
    }

    // A step that started waiting before this fix still holds a token (here one the test knows): its
    // public resume URL refuses an approval without a signed-in member.
    const token = 'legacy-approval-token-0123456789';
    await t.ctx.db.updateTable('workflow_run_steps').set({ wait_token_hash: createHash('sha256').update(token).digest('hex') }).where('run_id', '=', runId).where('step_id', '=', 'approval').execute();
    const legacy = await t.app.inject({ method: 'POST', url: `/api/hooks/wait/${token}`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ approved: true }) });
    expect(legacy.statusCode).toBe(401);
    expect(legacy.json()).toMatchObject({ code: 'workflows.approval.sign_in_required' });
    await stillWaiting(runId);

    const unsigned = await decide(runId, {}, { decision: 'approve' });
    expect(unsigned.statusCode).toBe(401);
    await stillWaiting(runId);
  });

  it('finding 10: a viewer who can read the run cannot approve it; a member who may run the workflow can, and the run and audit trail name them', async () => {
    const { runId } = await startRun();
    const byViewer = await decide(runId, viewer.bearer, { decision: 'approve' });
    expect(byViewer.statusCode).toBe(403);
    await stillWaiting(runId);

    const byMember = await decide(runId, member.bearer, { decision: 'approve', comment: 'looks right' });
    expect(byMember.statusCode, byMember.body).toBe(202);
    const done = await finished(runId);
    expect(done.status).toBe('succeeded');
    const step = done.steps.find((s) => s.stepId === 'approval');
    expect(step?.output).toMatchObject({ approved: true, decision: 'approved', decidedBy: { userId: member.userId }, comment: 'looks right' });
    expect(done.steps.find((s) => s.stepId === 'after')?.output).toBe(true);

    const entries = await auditOf('workflow.run.approved');
    expect(entries.find((e) => e.target?.id === runId)).toMatchObject({ actor: { id: member.userId }, details: { stepKey: 'approval' } });

    // Decided once: a second answer is refused.
    expect((await decide(runId, owner.bearer, { decision: 'reject' })).statusCode).toBe(409);
  });

  it('finding 10: a rejection is recorded with who rejected it', async () => {
    const { runId } = await startRun();
    const rejected = await decide(runId, owner.session, { decision: 'reject', comment: 'wrong amount' });
    expect(rejected.statusCode, rejected.body).toBe(202);
    const done = await finished(runId);
    expect(done.steps.find((s) => s.stepId === 'approval')?.output).toMatchObject({ approved: false, decision: 'rejected', decidedBy: { userId: owner.userId } });
    expect(done.steps.find((s) => s.stepId === 'after')?.output).toBe(false);
    expect((await auditOf('workflow.run.rejected')).find((e) => e.target?.id === runId)).toMatchObject({ actor: { id: owner.userId } });
  });

  it('finding 10: when the step names approvers, only they decide (by id or e-mail), whatever their role', async () => {
    const { runId } = await startRun({ approvers: [viewer.email] });
    const byMember = await decide(runId, member.bearer, { decision: 'approve' });
    expect(byMember.statusCode).toBe(403);
    await stillWaiting(runId);
    const byViewer = await decide(runId, viewer.bearer, { decision: 'approve' });
    expect(byViewer.statusCode, byViewer.body).toBe(202);
    expect((await finished(runId)).steps.find((s) => s.stepId === 'approval')?.output).toMatchObject({ approved: true, decidedBy: { userId: viewer.userId } });
  });

  it('finding 10: a run of another workspace cannot be decided (404, unchanged)', async () => {
    const { runId } = await startRun();
    const stranger = await signUpOwner(t.app);
    const res = await decide(runId, stranger.bearer, { decision: 'approve' });
    expect(res.statusCode).toBe(404);
    await stillWaiting(runId);
  });
});
