import { appendText } from './actions/append-text.js';
import { createDocument } from './actions/create-document.js';
import { getDocument } from './actions/get-document.js';
import { replaceText } from './actions/replace-text.js';
import { docs } from './auth.js';

export const googleDocsService = docs;
export const googleDocsActions = [getDocument, createDocument, appendText, replaceText];
export { getDocument, createDocument, appendText, replaceText };
