export { defineService, declaredService, hostField, portField, type DeclaredService, type Fault, type ServiceCallContext } from './define.js';
export { resolveAllowedHost } from './address.js';
