import { confluence, createPage, getPage, newPage, searchPages, updatePage } from './service.js';

export const confluenceActions = [getPage, createPage, updatePage, searchPages];
export const confluenceTriggers = [newPage];
export { confluence, getPage, createPage, updatePage, searchPages, newPage };
