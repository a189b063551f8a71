// The permission catalogue lives with the access policy (src/platform/access); auth re-exports it.
export * from '../platform/access/permissions.js';
