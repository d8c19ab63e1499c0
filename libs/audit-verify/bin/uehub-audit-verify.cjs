#!/usr/bin/env node
// The standalone audit export verifier. Runs the TypeScript sources directly (Node >= 22.18
// strips types; npx puts the repository's Node 24 first on PATH), so no build is needed.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`uehub-audit-verify needs Node.js 22.18 or later (this is ${process.version}); run it with npx inside the repository`);
  process.exit(2);
}
// The sources are ES modules in a package without "type" (the services compile them to
// CommonJS); Node says so once per file. Other warnings are still printed.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.code !== 'MODULE_TYPELESS_PACKAGE_JSON') console.error(`${warning.name}: ${warning.message}`);
});
require('../src/cli.ts')
  .main(process.argv.slice(2))
  .then((status) => process.exit(status));
