import { AppError, type AppContext } from '../../platform/index.js';

export function workflowDrafter(_ctx: AppContext) {
  return {
    async draft(_q: { request: string; workspaceId: string; userId: string; save: boolean }): Promise<unknown> {
      throw new AppError('ai.tool.unavailable', 'not yet', { status: 501 });
    },
  };
}
