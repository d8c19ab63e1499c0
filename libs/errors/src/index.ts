export { AppError, assertActorRole, requireCaller, toErrorBody } from './app-error';
export { parseOrThrow } from './zod-errors';
export type { CallerOptions } from './app-error';
export { cursorOrThrow } from './cursor-errors';
