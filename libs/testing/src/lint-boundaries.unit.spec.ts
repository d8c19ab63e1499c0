import { lintErrorsFor as errorsFor } from './lint-errors';

const importing = (specifier: string): string => `import { thing } from '${specifier}';\nexport const used = thing;\n`;

describe('lint boundaries', () => {
  describe('when an app imports another app by a relative path', () => {
    it('should report an error', async () => {
      expect(await errorsFor('apps/gateway/src/x.ts', importing('../../auth/src/users/user.entity'))).toEqual([
        'uehub/boundaries',
      ]);
    });
  });

  describe('when a lib imports an app', () => {
    it('should report an error', async () => {
      expect(await errorsFor('libs/contracts/src/x.ts', importing('../../../apps/auth/src/main'))).toEqual([
        'uehub/boundaries',
      ]);
    });
  });

  describe('when code imports a lib past its facade', () => {
    it('should report "@uehub/contracts/src/roles" as an error', async () => {
      expect(await errorsFor('apps/gateway/src/x.ts', importing('@uehub/contracts/src/roles'))).toEqual([
        'no-restricted-imports',
      ]);
    });

    it('should report a relative path into another lib as an error', async () => {
      expect(await errorsFor('apps/gateway/src/x.ts', importing('../../../libs/contracts/src/roles'))).toEqual([
        'uehub/boundaries',
      ]);
      expect(await errorsFor('libs/database/src/x.ts', importing('../../contracts/src/roles'))).toEqual([
        'uehub/boundaries',
      ]);
      expect(await errorsFor('test/e2e/x.e2e.spec.ts', importing('../../libs/contracts/src/roles'))).toEqual([
        'uehub/boundaries',
      ]);
    });
  });

  describe('when imports stay inside the rules', () => {
    it('should report nothing', async () => {
      expect(await errorsFor('apps/gateway/src/x.ts', importing('./routes/users.controller'))).toEqual([]);
      expect(await errorsFor('apps/gateway/src/x.ts', importing('@uehub/contracts'))).toEqual([]);
      expect(await errorsFor('libs/contracts/src/x.ts', importing('./roles'))).toEqual([]);
      expect(await errorsFor('test/e2e/x.e2e.spec.ts', importing('../../apps/auth/src/main'))).toEqual([]);
    });
  });

  describe('when a test is focused or a cast goes through unknown', () => {
    it('should report .only and "as unknown as" outside specs as errors', async () => {
      // assembled, so that repository greps for focused tests do not flag this sample
      const focused = `${['it', 'only'].join('.')}('x', () => undefined);\n`;
      expect(await errorsFor('libs/testing/src/x.unit.spec.ts', focused)).toEqual([
        'no-restricted-properties',
      ]);
      expect(await errorsFor('libs/testing/src/x.ts', 'export const n = 1 as unknown as string;\n')).toEqual([
        'no-restricted-syntax',
      ]);
      expect(await errorsFor('libs/testing/src/x.unit.spec.ts', 'export const n = 1 as unknown as string;\n')).toEqual([]);
    });
  });
});
