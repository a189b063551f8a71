export { can, assertCan, mayDelegate, assertMayDelegate, actsAsOwner, permissionMissing, type Actor, type Resource, type ResourceKind, type ActionOf, type Decision } from './policy.js';
export * from './permissions.js';
export { mayCallRoute, assertMayCallRoute, type RouteCaller, type RouteDecision } from './route-access.js';
