import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { CsvRows, csvValue, type ExportedRecord } from './export-format.ts';

/** The lines of a text file, one at a time (bounded memory), with their numbers from 1. */
export async function* fileLines(path: string): AsyncGenerator<{ line: number; text: string }> {
  const reader = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of reader) {
    line += 1;
    if (text !== '') yield { line, text };
  }
}

/** Records of `records.csv`, the header row naming the columns; `line` is the row number (header = 1). */
export async function* csvRecords(path: string): AsyncGenerator<{ line: number; record: ExportedRecord }> {
  const rows = new CsvRows();
  let header: string[] | undefined;
  let line = 0;
  const toRecord = (cells: { text: string; quoted: boolean }[]) => {
    line += 1;
    if (!header) {
      header = cells.map((cell) => cell.text);
      return undefined;
    }
    if (cells.length !== header.length) throw new Error(`row ${line} has ${cells.length} cells, the header ${header.length}`);
    const columns = header;
    return Object.fromEntries(cells.map((cell, i) => [columns[i], csvValue(columns[i], cell.text, cell.quoted)])) as ExportedRecord;
  };
  for await (const chunk of createReadStream(path, 'utf8')) {
    for (const cells of rows.push(chunk as string)) {
      const record = toRecord(cells);
      if (record) yield { line, record };
    }
  }
  const last = rows.end();
  const record = last && toRecord(last);
  if (record) yield { line, record };
}

/** Records of `records.ndjson`. */
export async function* ndjsonRecords(path: string): AsyncGenerator<{ line: number; record: ExportedRecord }> {
  for await (const { line, text } of fileLines(path)) yield { line, record: JSON.parse(text) as ExportedRecord };
}

/** SHA-256 (hex) and size of a file, streamed. */
export async function fileDigest(path: string): Promise<{ sha256: string; bytes: number } | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { sha256: hash.digest('hex'), bytes: info.size };
}
