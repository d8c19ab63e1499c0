/** Injection token of the punch-time limits. */
export const PUNCH_WINDOW = Symbol('PUNCH_WINDOW');
