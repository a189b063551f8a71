import { changeColumnValues, createItem, listBoards, listItems, monday, newItem } from './service.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';

export const mondayActions = [listBoards, listItems, createItem, changeColumnValues];
export const mondayTriggers = [newItem];
export { monday, listBoards, listItems, createItem, changeColumnValues, newItem };

/** monday.com, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const mondayIntegration = defineIntegration({ catalog, kit: monday, actions: mondayActions, triggers: mondayTriggers });
