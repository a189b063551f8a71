import { z } from 'zod';
import { AppError } from '../../platform/index.js';
import { defineTool } from '../tool.js';
import { holds } from './common.js';

/** POST /api/workflows/from-text: a workflow draft from a plain-language request. */
export const draftWorkflowTool = defineTool({
  name: 'draft_workflow',
  title: 'Draft a workflow from text',
  description:
    'Turns a plain-language request ("every weekday at 9am email me new files in Finance") into an Atom workflow draft: its definition, a summary, ' +
    'clarifying questions when the request is ambiguous, and what could not be mapped. With save=true the draft is saved as an inactive workflow.',
  input: z.object({
    text: z.string().trim().min(3).max(4000),
    timezone: z.string().max(64).default('UTC').describe('IANA time zone for schedules, e.g. Europe/Paris'),
    save: z.boolean().default(false).describe('save the draft (inactive) as a workflow; needs workflows:write'),
  }),
  route: 'POST /api/workflows/from-text',
  readOnly: false,
  allowed: holds('ai:use'),
  async run(input, c) {
    if (input.save && !c.actor.permissions.has('workflows:write')) {
      throw new AppError('ai.from_text.forbidden', 'Saving a workflow needs the workflows:write permission.', { status: 403 });
    }
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: input.timezone });
    } catch {
      throw new AppError('ai.from_text.timezone', 'timezone must be an IANA time zone such as Europe/Paris.', { status: 400 });
    }
    const draft = await c.drafter.draft({ request: input.text, workspaceId: c.actor.workspaceId, userId: c.actor.userId, save: input.save, timezone: input.timezone });
    return { ...draft };
  },
});
