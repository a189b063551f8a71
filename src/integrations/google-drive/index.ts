import { z } from 'zod';
import { googleProfile } from '../google/common.js';
import { getFile } from './actions/get-file.js';
import { listFiles } from './actions/list-files.js';
import { shareFile } from './actions/share-file.js';
import { uploadFile } from './actions/upload-file.js';
import { fileChanged } from './triggers/file-changed.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { googleOAuth } from '../google/oauth.js';
import { actionPhrases } from './vocabulary.js';

const profile = googleProfile('google-drive', async (client, signal) => {
  const a = await client.call({ path: 'about', query: { fields: 'user(emailAddress)' }, signal }, z.object({ user: z.object({ emailAddress: z.string() }) }).loose());
  return { accountLabel: a.user.emailAddress };
});

export const googleDriveActions = [listFiles, getFile, uploadFile, shareFile];
export const googleDriveTriggers = [fileChanged];
export { listFiles, getFile, uploadFile, shareFile, fileChanged };

/** Google Drive, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const googleDriveIntegration = defineIntegration({ catalog, oauth: googleOAuth, profile, actions: googleDriveActions, triggers: googleDriveTriggers, vocabulary: { actions: actionPhrases } });
