// Runs one service from its TypeScript sources in a child process (for tests that need a real
// process to pause or kill): SWC compiles each file as it is required, with the options Jest uses.
// Usage: node test/support/run-service.cjs <service>
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const ROOT = path.resolve(__dirname, '../..');
const options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const lib = /^@uehub\/([\w-]+)$/.exec(request);
  return resolveFilename.call(this, lib ? path.join(ROOT, 'libs', lib[1], 'src', 'index.ts') : request, ...rest);
};
Module._extensions['.ts'] = function (module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};

const [service] = process.argv.splice(2, 1); // main.ts reads its own arguments after it
if (!/^[a-z]+$/.test(service ?? '')) throw new Error('usage: run-service.cjs <service>');
require(path.join(ROOT, 'apps', service, 'src', 'main.ts'));
