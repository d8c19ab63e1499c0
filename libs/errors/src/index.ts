export { AppError, toErrorBody } from './app-error';
export { parseOrThrow } from './zod-errors';
