import { lintErrorsFor as errorsFor } from './lint-errors';

const importTimeRead = 'export const TTL = Number(process.env.REFRESH_TOKEN_TTL_SECONDS ?? 60);\n';
const loaderRead = 'export function load(env: NodeJS.ProcessEnv = process.env): string | undefined {\n  return env.PORT;\n}\n';

describe('configuration reads', () => {
  describe('when a service or lib module reads process.env', () => {
    it('should report an error', async () => {
      expect(await errorsFor('apps/auth/src/sessions/refresh-tokens.ts', importTimeRead)).toEqual(['no-restricted-properties']);
      expect(await errorsFor('libs/observability/src/logger.ts', importTimeRead)).toEqual(['no-restricted-properties']);
      expect(await errorsFor('apps/timeclock/src/shifts/x.ts', importTimeRead)).toEqual(['no-restricted-properties']);
    });
  });

  describe('when a config loader, a test or a script reads it', () => {
    it('should report nothing', async () => {
      expect(await errorsFor('libs/service-host/src/service-config.ts', loaderRead)).toEqual([]);
      expect(await errorsFor('apps/gateway/src/gateway-config.ts', loaderRead)).toEqual([]);
      expect(await errorsFor('apps/auth/src/auth-settings.ts', loaderRead)).toEqual([]);
      expect(await errorsFor('apps/inventory/src/x.int.spec.ts', importTimeRead)).toEqual([]);
      expect(await errorsFor('scripts/x.ts', importTimeRead)).toEqual([]);
    });
  });

  describe('when a config loader focuses a test', () => {
    it('should still report .only', async () => {
      expect(await errorsFor('apps/auth/src/auth-settings.ts', `${['describe', 'only'].join('.')}('x', () => undefined);\n`)).toEqual([
        'no-restricted-properties',
      ]);
    });
  });
});
