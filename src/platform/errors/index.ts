export { AppError, errors, isAppError, type AppErrorOptions, type FieldError } from './app-error.js';
