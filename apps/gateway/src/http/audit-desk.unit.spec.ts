import { resolve } from 'node:path';
import { pageDirectory } from './audit-desk';

// The gateway runs from the sources in tests and from `dist/` under `npm start` and Docker.
describe("the auditor's desk page files", () => {
  const repository = resolve(__dirname, '..', '..', '..', '..');
  const page = resolve(repository, 'apps', 'gateway', 'audit-desk');

  it('should be found from the sources', () => {
    expect(pageDirectory(resolve(repository, 'apps', 'gateway', 'src', 'http'))).toBe(page);
  });

  it('should be found from the build', () => {
    expect(pageDirectory(resolve(repository, 'dist', 'apps', 'gateway', 'src', 'http'))).toBe(page);
  });
});
