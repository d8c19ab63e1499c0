// What the read path's serialization costs per page of 50 items (about 15 kB), in one process:
// before (times converted per row, the page fitted, then the reply encoded, parsed by the gateway
// and encoded again by res.json) against after (times as PostgreSQL formatted them, the page
// encoded once, its bytes cut out of the reply). CPU time per page, alternating three times.
// `node scripts/bench/page-encoding.mjs` after `npm run build`.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { encodePage, fitPage } = require('../../dist/libs/messaging/src/encoded-json.js');
const { encodeReply, encodedDataOf } = require('../../dist/libs/messaging/src/reply-size.js');

const at = new Date('2026-11-28T04:30:00.123Z');
const rows = Array.from({ length: 51 }, (_, i) => ({
  id: `0190${String(i).padStart(4, '0')}-0000-7000-8000-000000000000`, sku: `R-${i}`, name: `Item ${'ab'.repeat(16)}`, description: null,
  location: `Loc ${i}`, qty: i, min_qty: 2, user_id: '0190ffff-0000-7000-8000-000000000000', created_at: at, updated_at: at, version: 1,
}));
const textRows = rows.map((r) => ({ ...r, created_at: r.created_at.toISOString(), updated_at: r.updated_at.toISOString() }));
const view = (r, iso) => ({ id: r.id, sku: r.sku, name: r.name, description: r.description, location: r.location, qty: r.qty, minQty: r.min_qty, userId: r.user_id,
  lowStock: r.qty <= r.min_qty, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at), version: r.version });
const cursor = (item) => Buffer.from(JSON.stringify([item.id])).toString('base64url');

const before = () => {
  const page = fitPage(rows.map((r) => view(r, (v) => new Date(v).toISOString())), 50, cursor);
  const { text } = encodeReply({ ok: true, data: page }, 1 << 20);
  return JSON.stringify(JSON.parse(text).data); // the gateway: parse, then res.json
};
const after = () => {
  const page = encodePage(textRows.map((r) => view(r, (v) => v)), 50, cursor);
  return encodedDataOf(encodeReply({ ok: true, data: page }, 1 << 20).text);
};
if (before() !== after()) throw new Error('before and after do not answer the same bytes');

function cpuMicrosPerPage(work, pages = 3000) {
  const start = process.cpuUsage();
  for (let i = 0; i < pages; i++) work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / pages;
}
for (let i = 0; i < 500; i++) {
  before();
  after();
} // warm-up
const figures = { before: [], after: [] };
for (let round = 0; round < 3; round++) {
  figures.before.push(cpuMicrosPerPage(before));
  figures.after.push(cpuMicrosPerPage(after));
}
console.log(`page of 50 items, ${before().length} bytes; CPU µs per page, three alternating rounds:`);
for (const [name, runs] of Object.entries(figures)) console.log(`  ${name.padEnd(7)} ${runs.map((us) => us.toFixed(0)).join(' / ')}`);
