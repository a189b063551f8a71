import { z } from 'zod';
import { defineRestService } from '../kit/rest.js';
import { readTrelloFault, trelloProfile } from './auth.js';

/** Trello declared on the REST kit (its profile: auth.ts). Signed with the app key + the member's token. */
export const trello = defineRestService({ id: 'trello', name: 'Trello', auth: 'oauth2', readFault: readTrelloFault, ...(trelloProfile.limits ? { limits: trelloProfile.limits } : {}), ...(trelloProfile.check ? { check: trelloProfile.check } : {}) });

export const trCard = z.object({ id: z.string(), idList: z.string(), name: z.string(), desc: z.string().default(''), due: z.string().nullish(), closed: z.boolean().optional(), url: z.string(), shortUrl: z.string().optional() }).loose();
export const cardOut = z.object({ id: z.string(), listId: z.string(), name: z.string(), description: z.string(), due: z.string().nullable(), closed: z.boolean(), url: z.string() });
export const toCard = (c: z.infer<typeof trCard>): z.infer<typeof cardOut> => ({ id: c.id, listId: c.idList, name: c.name, description: c.desc, due: c.due ?? null, closed: c.closed ?? false, url: c.shortUrl ?? c.url });
export const trelloId = z.string().regex(/^[\w-]{1,64}$/, { error: 'must be a Trello id' });
