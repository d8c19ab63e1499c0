// Jest started outside npm runs on the system Node; the stack needs Node 24 (see docs/stack.md).
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  throw new Error(`Node ${process.versions.node} is too old: run the tests with "npm test" (Node 24 from devDependencies).`);
}
