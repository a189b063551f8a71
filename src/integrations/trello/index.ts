import { createCard } from './actions/create-card.js';
import { getCard } from './actions/get-card.js';
import { listCards } from './actions/list-cards.js';
import { searchCards } from './actions/search-cards.js';
import { updateCard } from './actions/update-card.js';
import { trello } from './service.js';
import { newCard } from './triggers/new-card.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { trelloOAuth } from './oauth.js';
import { actionPhrases } from './vocabulary.js';

export const trelloActions = [createCard, listCards, getCard, updateCard, searchCards];
export const trelloTriggers = [newCard];
export { trello, createCard, listCards, getCard, updateCard, searchCards, newCard };

/** Trello, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const trelloIntegration = defineIntegration({ catalog, oauth: trelloOAuth, kit: trello, actions: trelloActions, triggers: trelloTriggers, vocabulary: { actions: actionPhrases } });
