export { can, assertCan, mayDelegate, assertMayDelegate, actsAsOwner, type Actor, type Resource, type ResourceKind, type ActionOf, type Decision } from './policy.js';
export * from './permissions.js';
