import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { bitbucket, bitbucketActions, bitbucketTriggers } from './service.js';
export { bitbucket, bitbucketActions, bitbucketTriggers, listPullRequests, getPullRequest, createPullRequest, updatePullRequest, newPullRequest } from './service.js';

/** Bitbucket, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const bitbucketIntegration = defineIntegration({ catalog, kit: bitbucket, actions: bitbucketActions, triggers: bitbucketTriggers });
