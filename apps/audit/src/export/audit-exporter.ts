import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  CHAIN_FILE,
  CHECKPOINTS_FILE,
  csvHeader,
  csvLine,
  exportDataFiles,
  GENESIS_HASH,
  ndjsonLine,
  pagedPieces,
  recordsFile,
  signManifest,
  type ExportFileDigest,
  type ExportFilter,
  type ExportManifest,
  type SignedCheckpoint,
} from '@uehub/audit-verify';
import type { AuditExportPage, AuditExportPageRequest, AuditExportPlan, AuditExportPrepared, AuditExportQuery } from '@uehub/contracts';
import { v7 as uuidv7 } from 'uuid';
import { readChainRows, recordFields, type ChainRow } from '../audit-chain.verifier';
import { RECORD_COLUMNS } from '../audit-record';
import { AUDIT_RECORDS } from '../audit-tables';
import { canonicalTimestamp } from '../canonical-hash';
import type { AuditSigningKeys } from '../checkpoints/signing-keys';
import { readCheckpoints } from '../checkpoints/checkpoint-store';
import { exportCondition } from '../record-filter';

/** Records read per query (about 256 KiB of text with 1 KiB records), and the text of one page at most (a NATS reply stays far below 1 MB). */
const PAGE_ROWS = 300;
const PAGE_BYTES = 256 * 1024;
const LINK_PAGE_ROWS = 1500;
const CSV_COLUMNS = ['seq', 'hash', ...RECORD_COLUMNS];
const FILE_OF: Record<AuditExportPageRequest['file'], (format: AuditExportPlan['format']) => string> = {
  checkpoints: () => CHECKPOINTS_FILE,
  chain: () => CHAIN_FILE,
  records: recordsFile,
};

/**
 * Cuts an export from the log in pages (bounded memory): `prepare` fixes the span, reads every
 * file once to hash it and signs the manifest; `page` then serves the same bytes piece by piece
 * (the plan pins the seq range, and records are append-only, so the second read is identical).
 */
export class AuditExporter {
  private readonly pageRows: number;
  private readonly linkRows: number;

  constructor(
    private readonly em: () => EntityManager,
    private readonly keys: AuditSigningKeys,
    pages: { records?: number; links?: number } = {},
  ) {
    this.pageRows = pages.records ?? PAGE_ROWS;
    this.linkRows = pages.links ?? LINK_PAGE_ROWS;
  }

  async prepare(query: AuditExportQuery): Promise<AuditExportPrepared & { rows: number }> {
    const filter = { from: query.from ?? null, to: query.to ?? null, type: query.type ?? null };
    const { plan, manifest: partial } = await this.plan(filter, query.format);
    const files: ExportFileDigest[] = [];
    for (const [key, fileOf] of Object.entries(FILE_OF) as [AuditExportPageRequest['file'], (f: AuditExportPlan['format']) => string][]) {
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const piece of this.pieces(plan, key)) {
        hash.update(piece, 'utf8');
        bytes += Buffer.byteLength(piece, 'utf8');
      }
      files.push({ name: fileOf(plan.format), bytes, sha256: hash.digest('hex') });
    }
    const ordered = exportDataFiles(plan.format).map((name) => files.find((file) => file.name === name)!);
    const manifest: ExportManifest = { ...partial, files: ordered };
    const { text, signature } = signManifest(manifest, this.keys.privateKey);
    return { exportId: manifest.exportId, manifest: text, signature, files: ordered, plan, rows: manifest.records.count };
  }

  /** One piece of a file: at most PAGE_ROWS rows and about PAGE_BYTES of text. */
  async page({ plan, file, after }: AuditExportPageRequest): Promise<AuditExportPage> {
    if (file === 'checkpoints') {
      const upTo = { upTo: plan.lastCheckpoint, limit: this.linkRows };
      const inPlan = plan.lastCheckpoint === 0 ? [] : await readCheckpoints(this.em(), after ?? plan.firstCheckpoint - 1, upTo);
      const last = inPlan.at(-1);
      return { text: inPlan.map(ndjsonLine).join(''), next: last && last.checkpoint < plan.lastCheckpoint ? last.checkpoint : null };
    }
    const start = after ?? plan.afterSeq;
    if (file === 'chain') {
      // links only (about 150 bytes each): a bigger page, and none of the records' content read
      const links = plan.toSeq === 0 ? [] : await readChainLinks(this.em(), start, plan.toSeq, this.linkRows);
      const last = links.at(-1);
      return { text: links.map((link) => ndjsonLine({ seq: Number(link.seq), prev_hash: link.prev_hash, hash: link.hash })).join(''), next: links.length === this.linkRows ? Number(last!.seq) : null };
    }
    const rows = plan.toSeq === 0 ? [] : await readChainRows(this.em(), String(start), this.pageRows, plan.toSeq, exportCondition(plan));
    let text = after === null && plan.format === 'csv' ? csvHeader(CSV_COLUMNS) : '';
    let next: number | null = null;
    for (const row of rows) {
      text += recordLine(row, plan.format);
      next = Number(row.seq);
      if (text.length >= PAGE_BYTES) break;
    }
    const more = rows.length === this.pageRows || (next !== null && next !== Number(rows.at(-1)?.seq));
    return { text, next: more ? next : null };
  }

  /** Every piece of one file, in order. */
  pieces(plan: AuditExportPlan, file: AuditExportPageRequest['file']): AsyncGenerator<string> {
    return pagedPieces((part, after) => this.page({ plan, file: part, after }), file);
  }

  /** The span that proves the matching records: from the checkpoint before the first to the one covering the last. */
  private async plan(filter: ExportFilter, format: AuditExportPlan['format']) {
    const em = this.em();
    const [head] = await em.execute<{ seq: string | null }[]>(`select max(r.seq)::text as seq from ${AUDIT_RECORDS} r`);
    const headSeq = Number(head?.seq ?? 0);
    const condition = exportCondition(filter);
    const [stats] = await em.execute<{ count: string; first: string | null; last: string | null }[]>(
      `select count(*)::text as count, min(r.seq)::text as first, max(r.seq)::text as last from ${AUDIT_RECORDS} r where r.seq <= ?::bigint ${condition ? `and ${condition.sql}` : ''}`,
      [headSeq, ...(condition?.params ?? [])],
    );
    const count = Number(stats.count);
    const firstSeq = stats.first === null ? null : Number(stats.first);
    const lastSeq = stats.last === null ? null : Number(stats.last);
    const all = firstSeq === null ? [] : await readCheckpoints(em);
    const start = all.filter((cp) => cp.lastSeq < firstSeq!).at(-1);
    const end = all.find((cp) => cp.lastSeq >= lastSeq!);
    const covering = all.filter((cp) => cp.checkpoint >= (start?.checkpoint ?? 0) && cp.checkpoint <= (end?.checkpoint ?? Infinity));
    const afterSeq = start?.lastSeq ?? 0;
    const toSeq = end?.lastSeq ?? lastSeq ?? 0;
    const plan: AuditExportPlan = {
      ...filter,
      format,
      afterSeq,
      toSeq,
      firstCheckpoint: covering[0]?.checkpoint ?? 0,
      lastCheckpoint: covering.at(-1)?.checkpoint ?? 0,
    };
    const manifest: Omit<ExportManifest, 'files'> = {
      version: 1,
      kind: 'uehub-audit-export',
      exportId: uuidv7(),
      createdAt: canonicalTimestamp(new Date().toISOString()),
      keyId: this.keys.kid,
      filter,
      format,
      span: { afterSeq, startHash: start?.headHash ?? GENESIS_HASH, toSeq, ...(await this.spanHead(em, afterSeq, toSeq, start)) },
      records: { count, firstSeq, lastSeq },
      checkpoints: { count: covering.length, first: plan.firstCheckpoint || null, last: plan.lastCheckpoint || null },
    };
    return { plan, manifest };
  }

  private async spanHead(em: EntityManager, afterSeq: number, toSeq: number, start: SignedCheckpoint | undefined): Promise<{ headHash: string; records: number }> {
    const [row] = await em.execute<{ records: string; head: string | null }[]>(
      `select count(*)::text as records, (select hash from ${AUDIT_RECORDS} h where h.seq = ?::bigint) as head from ${AUDIT_RECORDS} r where r.seq > ?::bigint and r.seq <= ?::bigint`,
      [toSeq, afterSeq, toSeq],
    );
    return { headHash: row.head ?? start?.headHash ?? GENESIS_HASH, records: Number(row.records) };
  }
}

function readChainLinks(em: EntityManager, afterSeq: number, toSeq: number, limit: number): Promise<{ seq: string; prev_hash: string; hash: string }[]> {
  return em.execute(`select r.seq::text as seq, r.prev_hash, r.hash from ${AUDIT_RECORDS} r where r.seq > ?::bigint and r.seq <= ?::bigint order by r.seq limit ?`, [afterSeq, toSeq, limit]);
}

function recordLine(row: ChainRow, format: AuditExportPlan['format']): string {
  const record = { seq: Number(row.seq), hash: row.hash, ...recordFields(row) };
  return format === 'csv' ? csvLine(CSV_COLUMNS, record) : ndjsonLine(record);
}
