import { testPostgresUrl, assertPostgresReachable } from './postgres.js';

/**
 * Fails the run early, with one clear line, when PostgreSQL is not reachable: the data-layer suite must
 * run on both dialects, never skip one silently. (.ci/run and `npm test` start it when it is down.)
 */
export default async function setup() {
  await assertPostgresReachable(testPostgresUrl());
}
