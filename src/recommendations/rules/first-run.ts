import { onboardingFor, type OnboardingStepId } from '../onboarding.js';
import type { RecommendationRule } from './types.js';

// The first-run set: what a new person does first, each only until it is done (read from real state).
const suggested: Partial<Record<OnboardingStepId, { title: string; reason: string; label: string; href: string }>> = {
  connect_service: { title: 'Connect a service', reason: 'Because nothing is connected yet: workflows act in the services you connect, and memory reads their files.', label: 'Connect one', href: '/integrations' },
  create_workflow: { title: 'Try a working template', reason: 'Because the workspace has no workflow yet: a template asks a few questions and gives you a draft to review.', label: 'Browse templates', href: '/workflows' },
  add_documents: { title: 'Upload documents', reason: 'Because memory is empty: once files are in, you can ask Atom what they say.', label: 'Upload', href: '/memory' },
  model_key: { title: 'Add an AI model key (optional)', reason: 'Chat and drafting already work without one; a key adds written answers and reasoning.', label: 'Settings → AI', href: '/settings/ai' },
};

/** First-run suggestions for a new user: connect a service, try a template, upload documents, add a model key. */
export const firstRunSteps: RecommendationRule = async (ctx, caller) => {
  const { steps } = await onboardingFor(ctx, caller);
  return steps.flatMap((s) => {
    const r = suggested[s.id];
    return r && !s.done ? [{ key: `start:${s.id}`, kind: 'getting_started' as const, title: r.title, reason: r.reason, action: { label: r.label, href: r.href } }] : [];
  });
};
