import type { WorkflowTemplate } from './types.js';
import * as reports from './files-and-reports.js';
import * as processes from './processes.js';

export { defineTemplate, type WorkflowTemplate } from './types.js';

/** Every built-in template, by id. */
export const workflowTemplates: WorkflowTemplate[] = [...Object.values(reports), ...Object.values(processes)] as unknown as WorkflowTemplate[];
