import { registerServiceProfile } from '../profiles.js';
import { createCard } from './actions/create-card.js';
import { trelloProfile } from './auth.js';

registerServiceProfile(trelloProfile);

export const trelloActions = [createCard];
export { createCard };
