import { canonicalJson } from './canonical-json.ts';

/**
 * An audit export: the same files in a directory (the command) or a tar archive (the HTTP
 * download and the command with `--out x.tar`), in this order.
 */
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const CHECKPOINTS_FILE = 'checkpoints.ndjson';
export const CHAIN_FILE = 'chain.ndjson';
export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const recordsFile = (format: ExportFormat): string => `records.${format}`;
/** The files the manifest lists (digest and size each), in archive order. */
export const exportDataFiles = (format: ExportFormat): string[] => [CHECKPOINTS_FILE, CHAIN_FILE, recordsFile(format)];

export interface ExportFilter {
  /** `occurred_at` from (inclusive) and to (exclusive), ISO 8601; type prefix on whole segments. */
  from: string | null;
  to: string | null;
  type: string | null;
}

/**
 * What the audit key signs (`manifest.sig` is Ed25519 over the exact bytes of `manifest.json`,
 * which is this object as canonical JSON). `span` is the stretch of the chain the export
 * proves: every record with `afterSeq < seq <= toSeq` is in `chain.ndjson` (hash and link),
 * starting from `startHash` (the signed head of the checkpoint at `afterSeq`, or the
 * genesis); the matching records themselves are in the records file.
 */
export interface ExportManifest {
  version: 1;
  kind: 'uehub-audit-export';
  exportId: string;
  createdAt: string;
  keyId: string;
  filter: ExportFilter;
  format: ExportFormat;
  span: { afterSeq: number; startHash: string; toSeq: number; headHash: string; records: number };
  records: { count: number; firstSeq: number | null; lastSeq: number | null };
  checkpoints: { count: number; first: number | null; last: number | null };
  files: ExportFileDigest[];
}

export interface ExportFileDigest {
  name: string;
  bytes: number;
  sha256: string;
}

/** One record as exported: its `seq`, its `hash`, and every hashed field (column names, as in the table). */
export type ExportedRecord = { seq: number; hash: string } & Record<string, unknown>;

/** The link of one record in `chain.ndjson`. */
export interface ChainLink {
  seq: number;
  prev_hash: string;
  hash: string;
}

/** The fields the record's hash is over: all but `seq` and `hash`. */
export function hashedFields(record: ExportedRecord): Record<string, unknown> {
  const { seq: _seq, hash: _hash, ...fields } = record;
  return fields;
}

export const ndjsonLine = (value: unknown): string => `${canonicalJson(value)}\n`;

/** Columns whose CSV cell is a number, and those holding canonical JSON; the rest are text. */
const INTEGER_COLUMNS = new Set(['seq', 'schema_version', 'stream_version', 'jetstream_seq']);
const JSON_COLUMNS = new Set(['changes', 'data']);

/**
 * CSV (RFC 4180, CRLF): text cells always quoted, so an empty cell is null and `""` the empty
 * string; numbers bare; `changes` and `data` as canonical JSON. Cells are never altered (no
 * spreadsheet-formula prefix): the file must hash back to the chain.
 */
export function csvLine(columns: readonly string[], record: Record<string, unknown>): string {
  return `${columns.map((column) => csvCell(column, record[column])).join(',')}\r\n`;
}

export const csvHeader = (columns: readonly string[]): string => `${columns.map(quote).join(',')}\r\n`;

function csvCell(column: string, value: unknown): string {
  if (JSON_COLUMNS.has(column)) return quote(canonicalJson(value ?? null));
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  return quote(String(value));
}

const quote = (text: string): string => `"${text.replace(/"/g, '""')}"`;

/** A CSV cell as `csvLine` wrote it: `quoted` tells `""` (empty text) from an empty cell (null). */
export function csvValue(column: string, text: string, quoted: boolean): unknown {
  if (JSON_COLUMNS.has(column)) return JSON.parse(text);
  if (!quoted && text === '') return null;
  if (INTEGER_COLUMNS.has(column)) {
    if (!/^-?\d+$/.test(text)) throw new Error(`column ${column} holds "${text}", not a whole number`);
    return Number(text);
  }
  return text;
}

/**
 * Splits CSV text into rows of cells (RFC 4180: quoted cells may hold commas, quotes and
 * line breaks). Streams: feed chunks, take complete rows; `end()` returns the last row.
 */
export class CsvRows {
  private cells: { text: string; quoted: boolean }[] = [];
  private cell = '';
  private quoted = false;
  private inQuotes = false;
  private afterQuote = false;

  push(chunk: string): { text: string; quoted: boolean }[][] {
    const rows: { text: string; quoted: boolean }[][] = [];
    for (const char of chunk) {
      if (this.inQuotes) {
        if (char === '"') {
          this.inQuotes = false;
          this.afterQuote = true;
        } else this.cell += char;
      } else if (char === '"') {
        if (this.afterQuote) this.cell += '"';
        else if (this.cell !== '') throw new Error('a quote inside an unquoted cell');
        this.inQuotes = true;
        this.quoted = true;
        this.afterQuote = false;
      } else if (char === ',') this.closeCell();
      else if (char === '\n') {
        this.closeCell();
        rows.push(this.cells);
        this.cells = [];
      } else if (char !== '\r') {
        if (this.afterQuote) throw new Error('text after a closing quote');
        this.cell += char;
      }
    }
    return rows;
  }

  end(): { text: string; quoted: boolean }[] | undefined {
    if (this.inQuotes) throw new Error('the file ends inside a quoted cell');
    if (this.cell === '' && this.cells.length === 0 && !this.quoted) return undefined;
    this.closeCell();
    return this.cells;
  }

  private closeCell(): void {
    this.cells.push({ text: this.cell, quoted: this.quoted });
    this.cell = '';
    this.quoted = false;
    this.afterQuote = false;
  }
}
