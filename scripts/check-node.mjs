// The stack needs Node 24 (MikroORM 7, require(esm) of NestJS 12). npm scripts run the
// Node from the `node` devDependency; a binary started outside npm may not.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `Node ${process.versions.node} is too old. Run through npm ("npm start", "npm test"), which uses Node 24 from devDependencies; ` +
      'if that is missing, run "npm ci" first (install scripts must be allowed).',
  );
  process.exit(1);
}
