export { allServices, findService, searchServices, catalogQuerySchema, type CatalogFilter } from './catalog.js';
export {
  serviceEntrySchema,
  serviceCategories,
  authKinds,
  type ServiceEntry,
  type ServiceCategory,
  type AuthKind,
  type ServiceAuth,
} from './schema.js';
