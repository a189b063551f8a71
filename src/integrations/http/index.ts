// The outbound toolkit lives in src/platform/outbound; this re-export keeps the service folders' imports.
export * from '../../platform/outbound/index.js';
export {
  paginate,
  collect,
  cursorInQuery,
  cursorInBody,
  pageToken,
  linkHeaderNext,
  odataNextLink,
  parseLinkHeader,
  type NextPage,
} from './pagination.js';
