import { z } from 'zod';
import { formId, typeform } from '../auth.js';

export const getForm = typeform.operation({
  id: 'typeform.get_form',
  title: 'Get a form',
  description: 'Reads a form’s title, link and questions.',
  aiDescription: 'Use to see a Typeform form’s questions (their refs, titles and types), for example to know which answer keys its responses carry.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ formId }),
  output: z.object({ id: z.string(), title: z.string(), url: z.string().nullable(), fields: z.array(z.object({ id: z.string(), ref: z.string().nullable(), title: z.string(), type: z.string() })) }),
  path: (i) => `forms/${encodeURIComponent(i.formId)}`,
  response: z.object({ id: z.string(), title: z.string(), _links: z.object({ display: z.string() }).loose().optional(), fields: z.array(z.object({ id: z.string(), ref: z.string().optional(), title: z.string(), type: z.string() }).loose()).default([]) }).loose(),
  map: (f) => ({ id: f.id, title: f.title, url: f._links?.display ?? null, fields: f.fields.map((x) => ({ id: x.id, ref: x.ref ?? null, title: x.title, type: x.type })) }),
});
