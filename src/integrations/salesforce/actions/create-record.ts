import { z } from 'zod';
import { fieldValues, salesforce, sobjectType } from '../auth.js';

export const createRecord = salesforce.operation({
  id: 'salesforce.create_record',
  title: 'Create a record',
  description: 'Creates a record of any Salesforce object (Contact, Account, Opportunity, a custom object).',
  aiDescription: 'Use to create a Salesforce record of the named object with field values by API name (LastName, AccountId, Amount, Region__c). For leads salesforce.create_lead names the usual fields. Salesforce says which required fields are missing.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ object: sobjectType, fields: fieldValues }),
  output: z.object({ id: z.string() }),
  method: 'POST',
  path: (i) => `sobjects/${i.object}`,
  body: (i) => i.fields,
  response: z.object({ id: z.string(), success: z.boolean() }).loose(),
  map: (a) => ({ id: a.id }),
});
