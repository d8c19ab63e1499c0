import { lintErrorsFor as errorsFor } from './lint-errors';

const handlerMap = "declare const rpc: { serve(handlers: object): void };\nrpc.serve({ 'timeclock.me': async () => ({}) });\n";
const doubleCast = 'export const id = 1 as unknown as string;\n';

describe('request/reply handlers in services', () => {
  describe('when a service registers a handler map', () => {
    it('should report an error (handlers are @Handles controllers, behind the CallerGuard)', async () => {
      expect(await errorsFor('apps/timeclock/src/timeclock.rpc.ts', handlerMap)).toEqual(['no-restricted-syntax']);
      expect(await errorsFor('apps/safety/src/schedules/schedule.rpc.ts', handlerMap)).toEqual(['no-restricted-syntax']);
    });
  });

  describe("when the messaging library's tests use the engine directly", () => {
    it('should report nothing', async () => {
      expect(await errorsFor('libs/messaging/src/rpc.int.spec.ts', handlerMap)).toEqual([]);
    });
  });

  describe('when a service double-casts', () => {
    it('should still report it', async () => {
      expect(await errorsFor('apps/safety/src/x.ts', doubleCast)).toEqual(['no-restricted-syntax']);
    });
  });
});
