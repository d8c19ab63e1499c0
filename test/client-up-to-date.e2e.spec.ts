import type { OpenAPI3 } from 'openapi-typescript';
import { committedClientSource, firstDifference, generateClientSource, GENERATED_CLIENT_FILE, writeClientSource } from './support/client-generation';
import { startSystem, type RunningSystem } from './support/system';

// `npm run client:generate` runs this file with CLIENT_GENERATE=1: it writes the file instead of comparing
const WRITE = process.env.CLIENT_GENERATE === '1';

describe('the committed typed client (libs/client)', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem('e2e_client');
  });
  afterAll(() => system.stop());

  it('should be what openapi-typescript generates from the running gateway /api/docs-json', async () => {
    const response = await fetch(`${system.baseUrl}/api/docs-json`);
    expect(response.status).toBe(200);
    const generated = await generateClientSource((await response.json()) as OpenAPI3);
    if (WRITE) writeClientSource(generated);
    const committed = committedClientSource();
    if (generated !== committed) {
      throw new Error(
        `${GENERATED_CLIENT_FILE} is not what the gateway documents (${firstDifference(generated, committed)}). ` +
          'Run `npm run client:generate` and commit the result.',
      );
    }
  });
});
