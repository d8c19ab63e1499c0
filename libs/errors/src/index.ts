export { AppError, assertActorRole, toErrorBody } from './app-error';
export { parseOrThrow } from './zod-errors';
