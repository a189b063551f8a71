import type { z } from 'zod';
import type { WorkflowDefinitionInput } from '../definition/schema.js';

/** A business process to start from: parameters (with defaults) in, a workflow definition out. */
export interface WorkflowTemplate<P extends z.ZodObject = z.ZodObject> {
  id: string;
  name: string;
  description: string;
  category: 'files' | 'email' | 'sales' | 'engineering' | 'finance' | 'operations' | 'reports' | 'support';
  params: P;
  build(params: z.output<P>): WorkflowDefinitionInput;
  /** Sample trigger data for dry runs and for pinning in the editor. */
  sample: unknown;
}

export const defineTemplate = <P extends z.ZodObject>(t: WorkflowTemplate<P>): WorkflowTemplate<P> => t;
