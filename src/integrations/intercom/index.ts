import { createContact, createConversation, getContact, intercom, newConversation, replyConversation, searchContacts, updateContact } from './service.js';

export const intercomActions = [createContact, getContact, updateContact, searchContacts, createConversation, replyConversation];
export const intercomTriggers = [newConversation];
export { intercom, createContact, getContact, updateContact, searchContacts, createConversation, replyConversation, newConversation };
