import { changeColumnValues, createItem, listBoards, listItems, monday, newItem } from './service.js';

export const mondayActions = [listBoards, listItems, createItem, changeColumnValues];
export const mondayTriggers = [newItem];
export { monday, listBoards, listItems, createItem, changeColumnValues, newItem };
