import { sendRequest } from './actions/send-request.js';

export const httpRequestActions = [sendRequest];
export { sendRequest };
