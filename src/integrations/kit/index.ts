export { defineService, hostField, portField, type DeclaredService, type Fault, type ServiceCallContext } from './define.js';
export { resolveAllowedHost } from './address.js';
export {
  defineRestService,
  authMismatch,
  newSince,
  type RestAuth,
  type RestService,
  type RestServiceSpec,
  type RestCall,
  type RestCustomOperation,
  type PagingStyle,
  type RestPaging,
  type RestCursorStyle,
  type RestPollTriggerSpec,
  type RestOperationInfo,
  type RestTriggerInfo,
} from './rest.js';
export { defineIntegration, type Integration, type IntegrationSpec } from './integration.js';
