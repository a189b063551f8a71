import { registerServiceProfile } from '../profiles.js';
import { createTask } from './actions/create-task.js';
import { asanaProfile } from './auth.js';

registerServiceProfile(asanaProfile);

export const asanaActions = [createTask];
export { createTask };
