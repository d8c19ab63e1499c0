import { createHash, randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { EVIDENCE_PART_BYTES, itemKeySchema, sha256Schema, uuidSchema, type InspectionView, type RequestContext } from '@uehub/contracts';
import { AppError, parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import type { Response } from 'express';
import { z } from 'zod';
import { Roles } from '../http/auth.guard';
import { withETag } from '../http/etag';
import { Ctx } from '../http/request-context';
import { FIELD_ROLES } from './safety-inspections.controller';

const fields = z.strictObject({ itemId: itemKeySchema });

/**
 * Photos of the safety service. The bytes travel to the service in parts (the bus carries at
 * most 1 MB a message) with their SHA-256; the service checks digest, size and type from the
 * content, and stores the photo once under its digest.
 */
@Controller('safety')
export class SafetyEvidenceController {
  constructor(private readonly rpc: RpcClient) {}

  /** multipart/form-data: `file` (JPEG, PNG or WebP) and `itemId`. */
  @Post('inspections/:id/evidence')
  @HttpCode(201)
  @Roles(...FIELD_ROLES)
  @UseInterceptors(FileInterceptor('file'))
  async upload(
    @Param('id') id: string,
    @UploadedFile() file: { buffer: Buffer } | undefined,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<InspectionView> {
    const inspectionId = parseOrThrow(uuidSchema, id, 'inspection id');
    const { itemId } = parseOrThrow(fields, body);
    if (!file?.buffer.length) throw new AppError('VALIDATION_FAILED', 'Send the photo as the multipart field "file"', [{ path: 'file', message: 'required' }]);
    const bytes = file.buffer;
    const uploadId = randomUUID();
    const parts = Math.ceil(bytes.length / EVIDENCE_PART_BYTES);
    for (let index = 0; index < parts; index++) {
      const data = bytes.subarray(index * EVIDENCE_PART_BYTES, (index + 1) * EVIDENCE_PART_BYTES).toString('base64');
      await this.rpc.call('safety.evidence.upload_part', { uploadId, index, data }, ctx);
    }
    const upload = { uploadId, parts, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
    return withETag(res, await this.rpc.call('safety.inspections.evidence', { id: inspectionId, itemId, upload }, ctx));
  }

  /** The inspection as a printable PDF (template version, answers, failures, photo digests, signatures). */
  @Get('inspections/:id/report.pdf')
  async report(@Param('id') id: string, @Ctx() ctx: RequestContext): Promise<StreamableFile> {
    const { pdf } = await this.rpc.call('safety.inspections.report', { id: parseOrThrow(uuidSchema, id, 'inspection id') }, ctx);
    return new StreamableFile(Buffer.from(pdf, 'base64'), { type: 'application/pdf', disposition: `inline; filename="inspection-${id}.pdf"` });
  }

  /** The photo's bytes as stored; `ETag` is its SHA-256, the name the events use. */
  @Get('evidence/:sha256')
  async download(@Param('sha256') sha256: string, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const digest = parseOrThrow(sha256Schema, sha256, 'sha256');
    const first = await this.rpc.call('safety.evidence.get', { sha256: digest, part: 0 }, ctx);
    const chunks = [Buffer.from(first.data, 'base64')];
    for (let part = 1; part < first.parts; part++) chunks.push(Buffer.from((await this.rpc.call('safety.evidence.get', { sha256: digest, part }, ctx)).data, 'base64'));
    res.setHeader('ETag', `"${digest}"`);
    res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    return new StreamableFile(Buffer.concat(chunks), { type: first.contentType, length: first.size });
  }
}
