import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chainHash, GENESIS_HASH } from './canonical-json.ts';
import type { SignedCheckpoint } from './checkpoint.ts';
import { CheckpointWalk, verifyCheckpointChain, type CheckpointFinding } from './checkpoint-chain.ts';
import { csvRecords, fileDigest, fileLines, ndjsonRecords } from './export-files.ts';
import { CHAIN_FILE, CHECKPOINTS_FILE, exportDataFiles, hashedFields, MANIFEST_FILE, recordsFile, SIGNATURE_FILE, type ChainLink, type ExportedRecord, type ExportManifest } from './export-format.ts';
import { manifestSignatureValid } from './export-manifest.ts';

export type ExportProblem =
  | 'file-missing'
  | 'unreadable'
  | 'manifest-unknown-key'
  | 'manifest-bad-signature'
  | 'file-modified'
  | 'span-mismatch'
  | 'chain-broken'
  | 'record-modified'
  | 'record-not-in-chain'
  | 'record-outside-filter'
  | 'count-mismatch'
  | CheckpointFinding['problem'];

/** The first thing in an export that does not match, with the file (and line) it is in. */
export interface ExportFinding {
  file: string;
  line?: number;
  seq?: number;
  checkpoint?: number;
  problem: ExportProblem;
  detail: string;
}

export interface ExportVerification {
  ok: boolean;
  exportId?: string;
  keyId?: string;
  /** Matching records checked (hash recomputed, found in the chain). */
  records: number;
  /** Links of the span checked against the checkpoints. */
  chainRecords: number;
  checkpoints: number;
  finding?: ExportFinding;
}

class Refused extends Error {
  readonly finding: ExportFinding;

  constructor(finding: ExportFinding) {
    super(finding.detail);
    this.finding = finding;
  }
}

const refuse = (finding: ExportFinding): never => {
  throw new Refused(finding);
};

/**
 * Verifies an export directory offline with public keys only: the manifest's signature, each
 * file's SHA-256 and size, the checkpoints' signatures and links, every link of the chain span
 * against the checkpoints' counts and head hashes, and each record's hash against its fields
 * and its place in the chain. Stops at the first finding. Reads files as streams.
 */
export async function verifyExport(dir: string, keys: ReadonlyMap<string, KeyObject>): Promise<ExportVerification> {
  const progress: ExportVerification = { ok: false, records: 0, chainRecords: 0, checkpoints: 0 };
  try {
    const manifest = await checkManifest(dir, keys, progress);
    const checkpoints = await checkCheckpoints(dir, manifest, keys);
    progress.checkpoints = checkpoints.length;
    progress.chainRecords = await checkChain(dir, manifest, checkpoints);
    progress.records = await checkRecords(dir, manifest);
    return { ...progress, ok: true };
  } catch (error) {
    if (error instanceof Refused) return { ...progress, finding: error.finding };
    throw error;
  }
}

async function readText(dir: string, file: string): Promise<string> {
  try {
    return await readFile(join(dir, file), 'utf8');
  } catch {
    return refuse({ file, problem: 'file-missing', detail: `${file} is not in the export` });
  }
}

function parseJson<T>(text: string, file: string, line?: number): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return refuse({ file, line, problem: 'unreadable', detail: 'not valid JSON' });
  }
}

async function checkManifest(dir: string, keys: ReadonlyMap<string, KeyObject>, progress: ExportVerification): Promise<ExportManifest> {
  const text = await readText(dir, MANIFEST_FILE);
  const signature = await readText(dir, SIGNATURE_FILE);
  const manifest = parseJson<ExportManifest>(text, MANIFEST_FILE);
  progress.exportId = manifest.exportId;
  progress.keyId = manifest.keyId;
  const key = keys.get(manifest.keyId);
  if (!key) refuse({ file: SIGNATURE_FILE, problem: 'manifest-unknown-key', detail: `signed with key "${manifest.keyId}", which is not one of the keys given` });
  if (!manifestSignatureValid(text, signature, key!)) {
    refuse({ file: SIGNATURE_FILE, problem: 'manifest-bad-signature', detail: `the signature does not verify ${MANIFEST_FILE} with key "${manifest.keyId}": the manifest was changed` });
  }
  const listed = new Map(manifest.files.map((entry) => [entry.name, entry]));
  for (const file of exportDataFiles(manifest.format)) {
    const expected = listed.get(file);
    if (!expected) refuse({ file: MANIFEST_FILE, problem: 'file-missing', detail: `the manifest does not list ${file}` });
    const actual = await fileDigest(join(dir, file));
    if (!actual) refuse({ file, problem: 'file-missing', detail: `${file} is not in the export` });
    if (actual!.sha256 !== expected!.sha256 || actual!.bytes !== expected!.bytes) {
      refuse({
        file,
        problem: 'file-modified',
        detail: `its SHA-256 is ${actual!.sha256} (${actual!.bytes} bytes), the signed manifest says ${expected!.sha256} (${expected!.bytes} bytes): the file was changed after export`,
      });
    }
  }
  return manifest;
}

async function checkCheckpoints(dir: string, manifest: ExportManifest, keys: ReadonlyMap<string, KeyObject>): Promise<SignedCheckpoint[]> {
  const checkpoints: SignedCheckpoint[] = [];
  for await (const { line, text } of fileLines(join(dir, CHECKPOINTS_FILE))) checkpoints.push(parseJson<SignedCheckpoint>(text, CHECKPOINTS_FILE, line));
  const finding = verifyCheckpointChain(checkpoints, keys, { partial: true });
  if (finding) refuse({ file: CHECKPOINTS_FILE, line: checkpoints.findIndex((cp) => cp.checkpoint === finding.checkpoint) + 1, checkpoint: finding.checkpoint, problem: finding.problem, detail: finding.detail });
  if (checkpoints.length !== manifest.checkpoints.count) {
    refuse({ file: CHECKPOINTS_FILE, problem: 'count-mismatch', detail: `${checkpoints.length} checkpoints, the manifest says ${manifest.checkpoints.count}` });
  }
  return checkpoints;
}

/** Walks `chain.ndjson` through the checkpoints; returns the number of links. */
async function checkChain(dir: string, manifest: ExportManifest, checkpoints: SignedCheckpoint[]): Promise<number> {
  const { span } = manifest;
  const [first] = checkpoints;
  const startsAtCheckpoint = first !== undefined && first.lastSeq === span.afterSeq;
  const startHash = startsAtCheckpoint ? first.headHash : GENESIS_HASH;
  if ((!startsAtCheckpoint && span.afterSeq !== 0) || span.startHash !== startHash) {
    refuse({ file: CHECKPOINTS_FILE, problem: 'span-mismatch', detail: `the span starts after seq ${span.afterSeq} with hash ${span.startHash}, which no checkpoint in the export signed` });
  }
  const walk = new CheckpointWalk(startsAtCheckpoint ? checkpoints.slice(1) : checkpoints, span.afterSeq, startHash);
  const atCheckpoint = (finding: CheckpointFinding | undefined, line?: number) => {
    if (finding) refuse({ file: CHAIN_FILE, line, checkpoint: finding.checkpoint, problem: finding.problem, detail: finding.detail });
  };
  atCheckpoint(walk.closeEmpty());
  let lastSeq = span.afterSeq;
  let links = 0;
  for await (const { line, text } of fileLines(join(dir, CHAIN_FILE))) {
    const link = parseJson<ChainLink>(text, CHAIN_FILE, line);
    if (!(link.seq > lastSeq) || link.prev_hash !== walk.prevHash) {
      refuse({ file: CHAIN_FILE, line, seq: link.seq, problem: 'chain-broken', detail: `seq ${link.seq} does not follow seq ${lastSeq} (hash ${walk.prevHash.slice(0, 12)}…)` });
    }
    atCheckpoint(walk.record(link.seq, link.hash), line);
    lastSeq = link.seq;
    links += 1;
  }
  atCheckpoint(walk.end());
  if (lastSeq !== span.toSeq || walk.prevHash !== span.headHash || links !== span.records) {
    refuse({ file: CHAIN_FILE, problem: 'span-mismatch', detail: `the chain ends at seq ${lastSeq} after ${links} links, the manifest's span ends at seq ${span.toSeq} with ${span.records} links and head ${span.headHash}` });
  }
  return links;
}

/** Each record: hash of its fields, in the chain at its seq with that hash, inside the filter. */
async function checkRecords(dir: string, manifest: ExportManifest): Promise<number> {
  const file = recordsFile(manifest.format);
  const chain = fileLines(join(dir, CHAIN_FILE));
  let count: number;
  const records = manifest.format === 'csv' ? csvRecords(join(dir, file)) : ndjsonRecords(join(dir, file));
  try {
    count = await matchRecords(readingRecords(records, file), chain, manifest, file);
  } finally {
    await chain.return(undefined);
  }
  if (count !== manifest.records.count) refuse({ file, problem: 'count-mismatch', detail: `${count} records, the manifest says ${manifest.records.count}` });
  return count;
}

async function matchRecords(
  records: AsyncGenerator<{ line: number; record: ExportedRecord }>,
  chain: AsyncGenerator<{ line: number; text: string }>,
  manifest: ExportManifest,
  file: string,
): Promise<number> {
  let link: ChainLink | undefined;
  let count = 0;
  for await (const { line, record } of records) {
    const seq = record.seq;
    if (chainHash(hashedFields(record)) !== record.hash) refuse({ file, line, seq, problem: 'record-modified', detail: `the record at seq ${seq} is not the record that was hashed: a field was changed` });
    while (!link || link.seq < seq) {
      const next = await chain.next();
      if (next.done) break;
      link = JSON.parse(next.value.text) as ChainLink;
    }
    if (link?.seq !== seq || link.hash !== record.hash) refuse({ file, line, seq, problem: 'record-not-in-chain', detail: `the chain has no record with this hash at seq ${seq}` });
    const outside = outsideFilter(record, manifest);
    if (outside) refuse({ file, line, seq, problem: 'record-outside-filter', detail: outside });
    count += 1;
  }
  return count;
}

async function* readingRecords(records: AsyncGenerator<{ line: number; record: ExportedRecord }>, file: string): AsyncGenerator<{ line: number; record: ExportedRecord }> {
  try {
    yield* records;
  } catch (error) {
    refuse({ file, problem: 'unreadable', detail: (error as Error).message });
  }
}

function outsideFilter(record: ExportedRecord, { filter }: ExportManifest): string | undefined {
  const type = String(record.event_type);
  if (filter.type && type !== filter.type && !type.startsWith(`${filter.type}.`)) return `type ${type} is not under ${filter.type}`;
  const at = Date.parse(String(record.occurred_at));
  if (filter.from && at < Date.parse(filter.from)) return `it occurred before ${filter.from}`;
  if (filter.to && at >= Date.parse(filter.to)) return `it occurred at or after ${filter.to}`;
  return undefined;
}
