import { z } from 'zod';
import { hubspot, hubspotObject, objectOut, propertyValues, toObject } from '../auth.js';

export const createDeal = hubspot.operation({
  id: 'hubspot.create_deal',
  title: 'Create a deal',
  description: 'Adds a deal to a HubSpot pipeline.',
  aiDescription: 'Use to open a deal in HubSpot: name, amount, stage (the stage’s internal id, e.g. appointmentscheduled) and pipeline (default). Other deal properties by internal name.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ dealname: z.string().min(1).max(255), amount: z.number().nonnegative().optional(), dealstage: z.string().max(100).optional(), pipeline: z.string().max(100).default('default'), closedate: z.iso.date().optional(), properties: propertyValues.optional() }),
  output: objectOut,
  method: 'POST',
  path: () => 'crm/v3/objects/deals',
  body: (i) => ({ properties: Object.fromEntries(Object.entries({ ...i.properties, dealname: i.dealname, amount: i.amount === undefined ? undefined : String(i.amount), dealstage: i.dealstage, pipeline: i.pipeline, closedate: i.closedate }).filter(([, v]) => v !== undefined)) }),
  response: hubspotObject,
  map: toObject,
});
