import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EVIDENCE_PART_BYTES, EVIDENCE_TYPES, type EvidenceUpload } from '@uehub/contracts';
import { AppError } from '@uehub/errors';

const EVIDENCE = 'safety.safety_evidence';
const PARTS = 'safety.safety_evidence_parts';

/** The type of a photo from its first bytes (file-type reads the magic numbers); undefined when not an accepted image. */
export async function imageTypeOf(bytes: Buffer): Promise<string | undefined> {
  const { fileTypeFromBuffer } = await import('file-type');
  const mime = (await fileTypeFromBuffer(bytes))?.mime;
  return (EVIDENCE_TYPES as readonly string[]).includes(mime ?? '') ? mime : undefined;
}

/** Keeps one part of an upload (a retried part is stored once). */
export async function putPart(em: EntityManager, callerId: string, uploadId: string, index: number, data: Buffer): Promise<void> {
  if (data.length > EVIDENCE_PART_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `A part holds at most ${EVIDENCE_PART_BYTES} bytes`);
  await em.execute(`insert into ${PARTS} (upload_id, caller_id, idx, data) values (?, ?, ?, ?) on conflict (upload_id, idx) do nothing`, [uploadId, callerId, index, data]);
}

/**
 * Puts an upload's parts together, checks size, digest and type from the bytes, and stores the
 * photo once under its SHA-256 (a second upload of the same bytes adds no row).
 */
export async function storeUpload(tx: EntityManager, callerId: string, upload: EvidenceUpload, maxBytes: number): Promise<{ contentType: string; size: number }> {
  if (upload.size > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `A photo is at most ${maxBytes} bytes`);
  const rows = await tx.execute<{ idx: number; data: Buffer }[]>(`select idx, data from ${PARTS} where upload_id = ? and caller_id = ? order by idx`, [upload.uploadId, callerId]);
  const bytes = Buffer.concat(rows.map((r) => r.data));
  if (rows.length !== upload.parts || rows.some((r, i) => r.idx !== i) || bytes.length !== upload.size) {
    throw new AppError('VALIDATION_FAILED', 'The upload is incomplete; send every part again', [{ path: 'file', message: 'parts missing' }]);
  }
  if (createHash('sha256').update(bytes).digest('hex') !== upload.sha256) {
    throw new AppError('VALIDATION_FAILED', 'The upload does not match its digest', [{ path: 'file', message: 'digest mismatch' }]);
  }
  const contentType = await imageTypeOf(bytes);
  if (!contentType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'A photo must be JPEG, PNG or WebP (checked from its content)');
  await tx.execute(`insert into ${EVIDENCE} (sha256, content_type, size, bytes) values (?, ?, ?, ?) on conflict (sha256) do nothing`, [upload.sha256, contentType, bytes.length, bytes]);
  await tx.execute(`delete from ${PARTS} where upload_id = ? or created_at < now() - interval '1 hour'`, [upload.uploadId]);
  return { contentType, size: bytes.length };
}

/** One part of a stored photo, base64, with its type and size. */
export async function readPart(em: EntityManager, sha256: string, part: number): Promise<{ contentType: string; size: number; parts: number; data: string }> {
  const from = part * EVIDENCE_PART_BYTES + 1;
  const [row] = await em.execute<{ content_type: string; size: number; data: Buffer }[]>(
    `select content_type, size, substring(bytes from ? for ?) as data from ${EVIDENCE} where sha256 = ?`,
    [from, EVIDENCE_PART_BYTES, sha256],
  );
  if (!row) throw new AppError('NOT_FOUND', 'No such photo');
  const parts = Math.max(1, Math.ceil(row.size / EVIDENCE_PART_BYTES));
  if (part >= parts) throw new AppError('NOT_FOUND', 'No such part');
  return { contentType: row.content_type, size: row.size, parts, data: row.data.toString('base64') };
}
