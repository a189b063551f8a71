import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors, type AppContext } from '../../platform/index.js';
import { requirePrincipal } from '../../platform/http/index.js';
import { modelRefSchema } from '../providers/catalog.js';
import { workflowDraftSchema } from './draft.js';
import { workflowDrafter } from './from-text.js';

const timezoneSchema = z.string().max(64).refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { error: 'must be an IANA time zone such as Europe/Paris' },
);

/**
 * `POST /api/workflows/from-text`: registered as its own plugin under the workflows prefix, next to the
 * workflows domain's routes.
 */
export function workflowFromTextRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const drafter = workflowDrafter(ctx);
  return async (app) => {
    app.post('/from-text', {
      schema: {
        tags: ['workflows', 'ai'],
        summary: 'Draft a workflow from a plain-language request (clarifying questions when it is ambiguous)',
        body: z.object({
          text: z.string().trim().min(3).max(4000).describe('e.g. "every weekday at 9am email me a summary of new files in the Finance folder"'),
          timezone: timezoneSchema.default('UTC'),
          planner: z.enum(['auto', 'offline', 'model']).default('auto').describe('auto: the model when a key is set up, else the offline planner'),
          model: modelRefSchema.optional(),
          save: z.boolean().default(false).describe('save the draft (inactive) as a workflow'),
        }),
        response: { 200: workflowDraftSchema },
      },
      config: { permission: 'ai:use' },
    }, async (request) => {
      const p = requirePrincipal(request);
      const b = request.body;
      if (b.save && !p.permissions.has('workflows:write')) throw errors.forbidden('Saving a workflow needs the workflows:write permission.', 'ai.from_text.forbidden');
      return drafter.draft({ request: b.text, workspaceId: p.workspaceId, userId: p.userId, save: b.save, timezone: b.timezone, planner: b.planner, model: b.model, source: 'from_text', actorType: p.via === 'token' ? 'token' : 'user' });
    });
  };
}
