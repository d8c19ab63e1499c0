import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  amendSchema,
  answerSchema,
  cancelActionSchema,
  createActionSchema,
  EMPLOYEE_ROLES,
  evidencePartSchema,
  evidenceUploadSchema,
  sha256Schema,
  summaryQuerySchema,
  itemKeySchema,
  listActionsQuerySchema,
  listInspectionsQuerySchema,
  listTemplatesQuerySchema,
  resolveActionSchema,
  startInspectionSchema,
  templateContentSchema,
  updateActionSchema,
} from '@uehub/contracts';
import { AppError, parseOrThrow, requireCaller } from '@uehub/errors';
import type { RequestContext } from '@uehub/contracts';
import { RpcServer } from '@uehub/messaging';
import { z } from 'zod';
import { MikroORM } from '@mikro-orm/postgresql';
import { putPart, readPart } from './evidence/evidence-store';
import { ActionCommands } from './actions/action-commands.service';
import { InspectionCommands } from './inspections/inspection-commands.service';
import { SafetyQueries } from './safety-queries.service';
import { SafetyReports } from './safety-reports.service';
import { inspectionPdf } from './report/inspection-pdf';
import { TemplateCommands } from './templates/template-commands.service';
import { expectedVersionOf as expected, idOf as id } from './rpc-params';

/** Safety's request/reply patterns: payloads re-validated, callers re-checked. */
@Injectable()
export class SafetyRpc implements OnApplicationBootstrap {
  constructor(
    private readonly rpc: RpcServer,
    private readonly templates: TemplateCommands,
    private readonly inspections: InspectionCommands,
    private readonly actions: ActionCommands,
    private readonly queries: SafetyQueries,
    private readonly orm: MikroORM,
    private readonly reports: SafetyReports,
  ) {}

  onApplicationBootstrap(): void {
    const { templates: t, inspections: i, actions: a, queries: q } = this;
    this.rpc.serve({
      'safety.templates.create': (p, c) => t.create(parseOrThrow(templateContentSchema, p), requireCaller(c)),
      'safety.templates.get': (p, c) => q.template(id(p.id), requireCaller(c)),
      'safety.templates.list': (p, c) => q.templates(parseOrThrow(listTemplatesQuerySchema, p, 'query'), requireCaller(c)),
      'safety.templates.update': (p, c) =>
        t.execute(id(p.id), { kind: 'save_draft', content: parseOrThrow(templateContentSchema, p.content) }, expected(p.expectedVersion), requireCaller(c)),
      'safety.templates.publish': (p, c) => t.execute(id(p.id), { kind: 'publish' }, expected(p.expectedVersion), requireCaller(c)),
      'safety.templates.archive': (p, c) => t.execute(id(p.id), { kind: 'archive' }, expected(p.expectedVersion), requireCaller(c)),
      'safety.inspections.start': (p, c) => i.start(parseOrThrow(startInspectionSchema, p), requireCaller(c)),
      'safety.inspections.get': (p, c) => q.inspection(id(p.id), requireCaller(c)),
      'safety.inspections.list': (p, c) => q.inspections(parseOrThrow(listInspectionsQuerySchema, p, 'query'), requireCaller(c)),
      'safety.inspections.answer': (p, c) =>
        i.answer(id(p.id), parseOrThrow(itemKeySchema, p.itemId, 'item id'), parseOrThrow(answerSchema, p.answer), requireCaller(c)),
      'safety.inspections.complete': (p, c) => i.complete(id(p.id), expected(p.expectedVersion), requireCaller(c)),
      'safety.inspections.sign': (p, c) => i.countersign(id(p.id), expected(p.expectedVersion), requireCaller(c)),
      'safety.inspections.amend': (p, c) => i.amend(id(p.id), parseOrThrow(amendSchema, p.amendment), expected(p.expectedVersion), requireCaller(c)),
      'safety.evidence.upload_part': async (p, c) => {
        const caller = fieldWorker(requireCaller(c));
        const part = parseOrThrow(evidencePartSchema, p);
        await putPart(this.orm.em.fork(), caller.actor.id, part.uploadId, part.index, Buffer.from(part.data, 'base64'));
        return { ok: true };
      },
      'safety.inspections.evidence': (p, c) =>
        i.attachEvidence(id(p.id), parseOrThrow(itemKeySchema, p.itemId, 'item id'), parseOrThrow(evidenceUploadSchema, p.upload), requireCaller(c)),
      'safety.evidence.get': (p, c) => {
        requireCaller(c);
        return readPart(this.orm.em.fork(), parseOrThrow(sha256Schema, p.sha256, 'sha256'), parseOrThrow(z.number().int().min(0).max(999), p.part, 'part'));
      },
      'safety.inspections.report': async (p, c) => ({ pdf: (await inspectionPdf(await q.inspection(id(p.id), requireCaller(c)))).toString('base64') }),
      'safety.reports.summary': (p, c) => this.reports.summary(parseOrThrow(summaryQuerySchema, p, 'query'), requireCaller(c)),
      'safety.actions.create': (p, c) => a.create(parseOrThrow(createActionSchema, p), requireCaller(c)),
      'safety.actions.get': (p, c) => q.action(id(p.id), requireCaller(c)),
      'safety.actions.list': (p, c) => q.actions(parseOrThrow(listActionsQuerySchema, p, 'query'), requireCaller(c)),
      'safety.actions.update': (p, c) => a.update(id(p.id), parseOrThrow(updateActionSchema, p.patch), expected(p.expectedVersion), requireCaller(c)),
      'safety.actions.resolve': (p, c) => a.resolve(id(p.id), parseOrThrow(resolveActionSchema, { note: p.note }).note, expected(p.expectedVersion), requireCaller(c)),
      'safety.actions.verify': (p, c) => a.verify(id(p.id), expected(p.expectedVersion), requireCaller(c)),
      'safety.actions.cancel': (p, c) => a.cancel(id(p.id), parseOrThrow(cancelActionSchema, { reason: p.reason }).reason, expected(p.expectedVersion), requireCaller(c)),
    });
  }
}

/** Uploads are for people who work in the field (auditors change nothing). */
function fieldWorker(context: RequestContext): RequestContext {
  const { actor } = context;
  if (actor.kind !== 'user' || !(EMPLOYEE_ROLES.includes(actor.role) || actor.role === 'worker')) throw new AppError('FORBIDDEN', 'Only field staff upload photos');
  return context;
}
