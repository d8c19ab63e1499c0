import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import {
  canonicalJson,
  exportArchive,
  keyIdOf,
  pagedExportContent,
  sha256Hex,
  signCheckpoint,
  signManifest,
  verifyExport,
  writeExportDirectory,
  type ExportManifest,
  type SignedCheckpoint,
} from '@uehub/audit-verify';
import type { AuditExportQuery } from '@uehub/contracts';
import { v7 as uuidv7 } from 'uuid';
import { contextOf, openAuditFixture, testEnvelope, userActor, type AuditFixture } from '../audit.fixture';
import { Checkpointer } from '../checkpoints/checkpointer.service';
import { signingKeys } from '../checkpoints/signing-keys';
import { AuditVerifyService } from '../verification/audit-verify.service';
import { AuditExporter } from './audit-exporter';

const BIN = resolve(__dirname, '../../../../node_modules/.bin/uehub-audit-verify');

describe('signed audit exports and the standalone verifier (PostgreSQL + NATS)', () => {
  let f: AuditFixture;
  let work: string;
  const auditor = userActor('auditor');
  const context = { ...contextOf(auditor), requestId: 'req-export-1', ip: '198.51.100.7', userAgent: 'export-test/1' };

  const publish = async (n: number, type: string) => {
    for (let i = 0; i < n; i++) await f.publish(testEnvelope({ type, stream: { type: type.split('.')[1], id: uuidv7(), version: 1 }, data: { i, note: 'a "quoted", comma\nline' } }));
    await f.settled();
  };

  /** Downloads an export over the service's request/reply patterns, as the gateway does. */
  async function download(query: AuditExportQuery, name: string): Promise<string> {
    const prepared = await f.rpc.call('audit.export.prepare', query, context);
    const dir = join(work, name);
    await writeExportDirectory(dir, pagedExportContent(prepared, (file, after) => f.rpc.call('audit.export.page', { plan: prepared.plan, file, after }, context)));
    return dir;
  }

  const publicKeys = () => f.app.get(AuditVerifyService).keyMap();

  /** Rewrites a file of an export and re-signs the manifest with `key` (an insider with the audit key, or another key). */
  async function resign(dir: string, file: string, text: string, privateKey = f.checkpoints.keys.privateKey): Promise<void> {
    await writeFile(join(dir, file), text);
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as ExportManifest;
    const files = manifest.files.map((entry) => (entry.name === file ? { ...entry, sha256: sha256Hex(text), bytes: Buffer.byteLength(text) } : entry));
    const signed = signManifest({ ...manifest, files }, privateKey);
    await writeFile(join(dir, 'manifest.json'), signed.text);
    await writeFile(join(dir, 'manifest.sig'), signed.signature);
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'uehub-audit-export-test-'));
    f = await openAuditFixture('audit_export');
    await publish(4, 'inventory.item.created');
    await publish(3, 'auth.user.updated');
    await f.app.get(Checkpointer).checkpointNow();
    await publish(3, 'inventory.item.created');
    await f.app.get(Checkpointer).checkpointNow();
    await publish(2, 'auth.user.updated'); // after the last checkpoint
  });
  afterAll(async () => {
    await f?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('should export the whole log with a signed manifest that verifies offline', async () => {
    const dir = await download({ format: 'ndjson' }, 'all');
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as ExportManifest;
    expect(manifest).toMatchObject({
      kind: 'uehub-audit-export',
      keyId: f.checkpoints.keys.kid,
      filter: { from: null, to: null, type: null },
      span: { afterSeq: 0, records: 12 },
      records: { count: 12 },
      checkpoints: { count: 2, first: 1, last: 2 },
    });
    expect(manifest.files.map((file) => file.name)).toEqual(['checkpoints.ndjson', 'chain.ndjson', 'records.ndjson']);
    expect(await verifyExport(dir, publicKeys())).toEqual({ ok: true, exportId: manifest.exportId, keyId: f.checkpoints.keys.kid, records: 12, chainRecords: 12, checkpoints: 2 });
  });

  it('should export a filtered range as CSV that still proves its records against the checkpoints', async () => {
    const dir = await download({ format: 'csv', type: 'inventory.item' }, 'inventory-csv');
    const csv = await readFile(join(dir, 'records.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^"seq","hash","event_id","event_type",/);
    expect(csv).toContain('""note"":""a \\""quoted\\"", comma\\nline""');
    const result = await verifyExport(dir, publicKeys());
    expect(result).toMatchObject({ ok: true, records: 7, chainRecords: 10, checkpoints: 2 });
  });

  it('should cut the same bytes whatever the page size (pages of 2 records and of 3 links)', async () => {
    const paged = async (exporter: AuditExporter, name: string) => {
      const prepared = await exporter.prepare({ format: 'csv', type: 'auth.user', to: new Date(Date.now() + 60_000).toISOString() });
      const dir = join(work, name);
      await writeExportDirectory(dir, pagedExportContent(prepared, (file, after) => exporter.page({ plan: prepared.plan, file, after })));
      return { dir, files: prepared.files };
    };
    const small = await paged(new AuditExporter(() => f.orm.em.fork(), f.checkpoints.keys, { records: 2, links: 3 }), 'small-pages');
    const whole = await paged(new AuditExporter(() => f.orm.em.fork(), f.checkpoints.keys), 'one-page');
    expect(small.files).toEqual(whole.files);
    expect(await verifyExport(small.dir, publicKeys())).toMatchObject({ ok: true, records: 5, chainRecords: 12, checkpoints: 2 });
  });

  it('should record each export: who, the filter and the number of rows', async () => {
    const page = await f.rpc.call('audit.events.query', { type: 'audit.log.exported', limit: 10 }, context);
    expect(page.items[0]).toMatchObject({
      type: 'audit.log.exported',
      actorId: auditor.id,
      actorName: 'Test auditor',
      clientIp: '198.51.100.7',
      userAgent: 'export-test/1',
      data: { filter: { from: null, to: null, type: 'inventory.item' }, format: 'csv', rows: 7 },
    });
    expect(await f.app.get(AuditVerifyService).verify()).toMatchObject({ ok: true });
  });

  it('should refuse a records file edited after download, naming the file and both digests', async () => {
    const dir = await download({ format: 'ndjson', type: 'auth.user' }, 'edited');
    const path = join(dir, 'records.ndjson');
    const original = await readFile(path, 'utf8');
    const edited = original.replace(/"actor_id":"test"/, '"actor_id":"mallory"');
    await writeFile(path, edited);
    expect((await verifyExport(dir, publicKeys())).finding).toEqual({
      file: 'records.ndjson',
      problem: 'file-modified',
      detail: `its SHA-256 is ${sha256Hex(edited)} (${Buffer.byteLength(edited)} bytes), the signed manifest says ${sha256Hex(original)} (${Buffer.byteLength(original)} bytes): the file was changed after export`,
    });
  });

  it('should refuse a manifest changed to match an edited file, and a record whose hash no longer matches its fields', async () => {
    const dir = await download({ format: 'ndjson' }, 'manifest');
    const edited = (await readFile(join(dir, 'records.ndjson'), 'utf8')).replace(/"actor_id":"test"/, '"actor_id":"mallory"');
    await resign(dir, 'records.ndjson', edited, generateKeyPairSync('ed25519').privateKey);
    expect((await verifyExport(dir, publicKeys())).finding).toMatchObject({ file: 'manifest.sig', problem: 'manifest-bad-signature' });
    await resign(dir, 'records.ndjson', edited); // even signed with the real key, the chain refuses it
    expect((await verifyExport(dir, publicKeys())).finding).toEqual({
      file: 'records.ndjson',
      line: 1,
      seq: 1,
      problem: 'record-modified',
      detail: 'the record at seq 1 is not the record that was hashed: a field was changed',
    });
  });

  it('should refuse a checkpoint signed with another key, even in a manifest signed with the audit key', async () => {
    const dir = await download({ format: 'ndjson' }, 'forged-checkpoint');
    const lines = (await readFile(join(dir, 'checkpoints.ndjson'), 'utf8')).trim().split('\n');
    const second = JSON.parse(lines[1]) as SignedCheckpoint;
    const mallory = generateKeyPairSync('ed25519');
    const forged = signCheckpoint({ ...second, keyId: keyIdOf(mallory.publicKey) }, mallory.privateKey);
    await resign(dir, 'checkpoints.ndjson', `${lines[0]}\n${canonicalJson(forged)}\n`);
    expect((await verifyExport(dir, publicKeys())).finding).toEqual({
      file: 'checkpoints.ndjson',
      line: 2,
      checkpoint: 2,
      problem: 'unknown-key',
      detail: `signed with key "${keyIdOf(mallory.publicKey)}", which is neither a current nor a retired audit key`,
    });
    const underRealKid = signCheckpoint(second, signingKeys(mallory.privateKey).privateKey);
    await resign(dir, 'checkpoints.ndjson', `${lines[0]}\n${canonicalJson(underRealKid)}\n`);
    expect((await verifyExport(dir, publicKeys())).finding).toMatchObject({ checkpoint: 2, problem: 'bad-signature' });
  });

  it('should verify a downloaded tar with `npx uehub-audit-verify` and the published keys, and refuse it edited', async () => {
    const prepared = await f.rpc.call('audit.export.prepare', { format: 'csv' }, context);
    const tar = join(work, 'export.tar');
    const content = pagedExportContent(prepared, (file, after) => f.rpc.call('audit.export.page', { plan: prepared.plan, file, after }, context));
    await pipeline(exportArchive(content), createWriteStream(tar));
    const keyFile = join(work, 'keys.json');
    await writeFile(keyFile, JSON.stringify(await f.rpc.call('audit.keys', {}, context)));
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, [BIN, ...args]).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
    const { records } = JSON.parse(prepared.manifest) as ExportManifest;
    expect(records.count).toBeGreaterThanOrEqual(12); // the records about earlier exports are in the log too
    const ok = await run(tar, '--key', keyFile);
    expect(ok).toEqual({ code: 0, stdout: `ok: export ${prepared.exportId} signed by ${f.checkpoints.keys.kid}: ${records.count} records verified, ${records.count} chain links against 2 signed checkpoints\n` });
    const bytes = await readFile(tar);
    bytes.write('"tes7"', bytes.indexOf('"test"')); // one byte of one record, same size
    await writeFile(tar, bytes);
    const refused = await run(tar, '--key', keyFile);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^REFUSED: records\.csv: file-modified: its SHA-256 is [0-9a-f]{64} \(\d+ bytes\), the signed manifest says [0-9a-f]{64} \(\d+ bytes\): the file was changed after export\n$/);
    const otherKey = join(work, 'other.json');
    await writeFile(otherKey, JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x }));
    expect((await run(tar, '--key', otherKey)).stdout).toMatch(/^REFUSED: manifest\.sig: manifest-unknown-key: /);
  });
});
