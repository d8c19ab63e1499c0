import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract, pack } from 'tar-stream';
import { CHAIN_FILE, CHECKPOINTS_FILE, exportDataFiles, MANIFEST_FILE, SIGNATURE_FILE, type ExportManifest } from './export-format.ts';

/** What an export is made of: the signed manifest, and the content of each file it lists, in pieces. */
export interface ExportContent {
  manifest: ExportManifest;
  manifestText: string;
  signature: string;
  /** The file's text in order; the pieces must add up to the size the manifest gives. */
  pieces(file: string): AsyncIterable<string>;
}

/** The files of an export by what they hold, as page requests name them. */
export type ExportPart = 'checkpoints' | 'chain' | 'records';
export type ExportPageReader = (part: ExportPart, after: number | null) => Promise<{ text: string; next: number | null }>;

const partOf = (file: string): ExportPart => (file === CHECKPOINTS_FILE ? 'checkpoints' : file === CHAIN_FILE ? 'chain' : 'records');

/** Every piece of one part, page after page, until a page says there is no next. */
export async function* pagedPieces(readPage: ExportPageReader, part: ExportPart): AsyncGenerator<string> {
  let after: number | null = null;
  do {
    const page = await readPage(part, after);
    if (page.text) yield page.text;
    after = page.next;
  } while (after !== null);
}

/** An export whose manifest is signed and whose files are read page by page (over NATS, or from the database). */
export function pagedExportContent(signed: { manifest: string; signature: string }, readPage: ExportPageReader): ExportContent {
  return {
    manifest: JSON.parse(signed.manifest) as ExportManifest,
    manifestText: signed.manifest,
    signature: signed.signature,
    pieces: (file) => pagedPieces(readPage, partOf(file)),
  };
}

/**
 * The export as a tar archive (ustar), streamed: manifest.json, manifest.sig, then the files
 * the manifest lists, each read piece by piece (its size is known from the manifest, so
 * nothing is held in memory). An error ends the stream with that error.
 */
export function exportArchive(content: ExportContent): Readable {
  const archive = pack();
  const mtime = new Date(content.manifest.createdAt);
  void (async () => {
    archive.entry({ name: MANIFEST_FILE, mtime }, content.manifestText);
    archive.entry({ name: SIGNATURE_FILE, mtime }, `${content.signature}\n`);
    for (const file of exportDataFiles(content.manifest.format)) {
      const size = content.manifest.files.find((entry) => entry.name === file)?.bytes ?? 0;
      await new Promise<void>((resolve, reject) => {
        const entry = archive.entry({ name: file, size, mtime }, (error) => (error ? reject(error) : resolve()));
        void (async () => {
          for await (const piece of content.pieces(file)) {
            if (!entry.write(piece)) await once(entry, 'drain');
          }
          entry.end(undefined); // streamx: end(data), no callback; the entry's callback says it is done
        })().catch(reject);
      });
    }
    archive.finalize();
  })().catch((error: unknown) => archive.destroy(error as Error));
  // a Node stream for the callers (tar-stream's own streams are streamx ones)
  const out = new PassThrough();
  archive.on('error', (error: Error) => out.destroy(error));
  archive.pipe(out);
  return out;
}

/** Writes the export as a directory of files (the command's default). */
export async function writeExportDirectory(dir: string, content: ExportContent): Promise<void> {
  await mkdir(dir, { recursive: true });
  const write = async (file: string, pieces: AsyncIterable<string>) => pipeline(pieces, createWriteStream(join(dir, file), { flags: 'wx' }));
  await write(MANIFEST_FILE, once1(content.manifestText));
  await write(SIGNATURE_FILE, once1(`${content.signature}\n`));
  for (const file of exportDataFiles(content.manifest.format)) await write(file, content.pieces(file));
}

async function* once1(text: string): AsyncGenerator<string> {
  yield text;
}

const EXPORT_NAMES = /^[a-z]+\.(json|sig|ndjson|csv)$/;

/** Unpacks an export archive into `dir` (plain file names only; anything else is refused). */
export async function extractExportArchive(archive: Readable, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = extract();
  archive.pipe(entries);
  for await (const entry of entries) {
    const { name, type } = entry.header;
    if ((type && type !== 'file') || !EXPORT_NAMES.test(name)) {
      entry.resume();
      throw new Error(`the archive holds "${name}", which is not a file of an audit export`);
    }
    await pipeline(entry, createWriteStream(join(dir, name), { flags: 'wx' }));
  }
}
