import { MikroORM } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  amendSchema,
  answerSchema,
  cancelActionSchema,
  createActionSchema,
  EMPLOYEE_ROLES,
  evidencePartSchema,
  evidenceUploadSchema,
  itemKeySchema,
  listActionsQuerySchema,
  listInspectionsQuerySchema,
  listTemplatesQuerySchema,
  resolveActionSchema,
  sha256Schema,
  startInspectionSchema,
  summaryQuerySchema,
  templateContentSchema,
  updateActionSchema,
  type ActionView,
  type AmendInput,
  type AnswerInput,
  type CreateActionInput,
  type EvidenceUpload,
  type InspectionView,
  type ListActionsQuery,
  type ListInspectionsQuery,
  type ListTemplatesQuery,
  type Page,
  type RequestContext,
  type Role,
  type StartInspectionInput,
  type SummaryQuery,
  type SummaryReport,
  type TemplateContent,
  type TemplateView,
  type UpdateActionInput,
} from '@uehub/contracts';
import { Caller, Handles, RequireRoles, ZodPipe } from '@uehub/messaging';
import { z } from 'zod';
import { ActionCommands } from './actions/action-commands.service';
import { putPart, readPart } from './evidence/evidence-store';
import { InspectionCommands } from './inspections/inspection-commands.service';
import { inspectionPdf } from './report/inspection-pdf';
import { idField, versionField } from './rpc-params';
import { SafetyQueries } from './safety-queries.service';
import { SafetyReports } from './safety-reports.service';
import { TemplateCommands } from './templates/template-commands.service';

const itemKey = new ZodPipe(itemKeySchema, 'item id');
const content = new ZodPipe(templateContentSchema);
/** Uploads are for people who work in the field (auditors change nothing). */
const FIELD_STAFF: readonly Role[] = [...EMPLOYEE_ROLES, 'worker'];

/**
 * Safety's request/reply patterns (schedules: `ScheduleRpc`). Every caller is a signed-in user
 * (the global `CallerGuard`); payloads are validated by the pipes; roles are the commands' and queries' rules.
 */
@Controller()
export class SafetyRpc {
  constructor(
    private readonly templates: TemplateCommands,
    private readonly inspections: InspectionCommands,
    private readonly actions: ActionCommands,
    private readonly queries: SafetyQueries,
    private readonly orm: MikroORM,
    private readonly reports: SafetyReports,
  ) {}

  @Handles('safety.templates.create')
  createTemplate(@Payload(content) input: TemplateContent, @Caller() caller: RequestContext): Promise<TemplateView> {
    return this.templates.create(input, caller);
  }

  @Handles('safety.templates.get')
  getTemplate(@Payload('id', idField) id: string, @Caller() caller: RequestContext): Promise<TemplateView> {
    return this.queries.template(id, caller);
  }

  @Handles('safety.templates.list')
  listTemplates(@Payload(new ZodPipe(listTemplatesQuerySchema, 'query')) query: ListTemplatesQuery, @Caller() caller: RequestContext): Promise<Page<TemplateView>> {
    return this.queries.templates(query, caller);
  }

  @Handles('safety.templates.update')
  updateTemplate(
    @Payload('id', idField) id: string,
    @Payload('content', content) draft: TemplateContent,
    @Payload('expectedVersion', versionField) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<TemplateView> {
    return this.templates.execute(id, { kind: 'save_draft', content: draft }, expectedVersion, caller);
  }

  @Handles('safety.templates.publish')
  publishTemplate(
    @Payload('id', idField) id: string,
    @Payload('expectedVersion', versionField) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<TemplateView> {
    return this.templates.execute(id, { kind: 'publish' }, expectedVersion, caller);
  }

  @Handles('safety.templates.archive')
  archiveTemplate(
    @Payload('id', idField) id: string,
    @Payload('expectedVersion', versionField) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<TemplateView> {
    return this.templates.execute(id, { kind: 'archive' }, expectedVersion, caller);
  }

  @Handles('safety.inspections.start')
  startInspection(@Payload(new ZodPipe(startInspectionSchema)) input: StartInspectionInput, @Caller() caller: RequestContext): Promise<InspectionView> {
    return this.inspections.start(input, caller);
  }

  @Handles('safety.inspections.get')
  getInspection(@Payload('id', idField) id: string, @Caller() caller: RequestContext): Promise<InspectionView> {
    return this.queries.inspection(id, caller);
  }

  @Handles('safety.inspections.list')
  listInspections(
    @Payload(new ZodPipe(listInspectionsQuerySchema, 'query')) query: ListInspectionsQuery,
    @Caller() caller: RequestContext,
  ): Promise<Page<InspectionView>> {
    return this.queries.inspections(query, caller);
  }

  @Handles('safety.inspections.answer')
  answer(
    @Payload('id', idField) id: string,
    @Payload('itemId', itemKey) itemId: string,
    @Payload('answer', new ZodPipe(answerSchema)) answer: AnswerInput,
    @Caller() caller: RequestContext,
  ): Promise<InspectionView> {
    return this.inspections.answer(id, itemId, answer, caller);
  }

  @Handles('safety.inspections.complete')
  complete(
    @Payload('id', idField) id: string,
    @Payload('expectedVersion', versionField) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<InspectionView> {
    return this.inspections.complete(id, expectedVersion, caller);
  }

  @Handles('safety.inspections.sign')
  countersign(
    @Payload('id', idField) id: string,
    @Payload('expectedVersion', versionField) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<InspectionView> {
    return this.inspections.countersign(id, expectedVersion, caller);
  }

  @Handles('safety.inspections.amend')
  amend(
    @Payload('id', idField) id: string,
    @Payload('amendment', new ZodPipe(amendSchema)) amendment: AmendInput,
    @Payload('expectedVersion', versionField) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<InspectionView> {
    return this.inspections.amend(id, amendment, expectedVersion, caller);
  }

  @RequireRoles(FIELD_STAFF, 'upload photos')
  @Handles('safety.evidence.upload_part')
  async uploadPart(@Payload(new ZodPipe(evidencePartSchema)) part: z.output<typeof evidencePartSchema>, @Caller() caller: RequestContext): Promise<{ ok: true }> {
    await putPart(this.orm.em.fork(), caller.actor.id, part.uploadId, part.index, Buffer.from(part.data, 'base64'));
    return { ok: true };
  }

  @Handles('safety.inspections.evidence')
  attachEvidence(
    @Payload('id', idField) id: string,
    @Payload('itemId', itemKey) itemId: string,
    @Payload('upload', new ZodPipe(evidenceUploadSchema)) upload: EvidenceUpload,
    @Caller() caller: RequestContext,
  ): Promise<InspectionView> {
    return this.inspections.attachEvidence(id, itemId, upload, caller);
  }

  @Handles('safety.evidence.get')
  evidence(
    @Payload('sha256', new ZodPipe(sha256Schema, 'sha256')) sha256: string,
    @Payload('part', new ZodPipe(z.number().int().min(0).max(999), 'part')) part: number,
  ): Promise<{ contentType: string; size: number; parts: number; data: string }> {
    return readPart(this.orm.em.fork(), sha256, part);
  }

  @Handles('safety.inspections.report')
  async report(@Payload('id', idField) id: string, @Caller() caller: RequestContext): Promise<{ pdf: string }> {
    return { pdf: (await inspectionPdf(await this.queries.inspection(id, caller))).toString('base64') };
  }

  @Handles('safety.reports.summary')
  summary(@Payload(new ZodPipe(summaryQuerySchema, 'query')) query: SummaryQuery, @Caller() caller: RequestContext): Promise<SummaryReport> {
    return this.reports.summary(query, caller);
  }

  @Handles('safety.actions.create')
  createAction(@Payload(new ZodPipe(createActionSchema)) input: CreateActionInput, @Caller() caller: RequestContext): Promise<ActionView> {
    return this.actions.create(input, caller);
  }

  @Handles('safety.actions.get')
  getAction(@Payload('id', idField) id: string, @Caller() caller: RequestContext): Promise<ActionView> {
    return this.queries.action(id, caller);
  }

  @Handles('safety.actions.list')
  listActions(@Payload(new ZodPipe(listActionsQuerySchema, 'query')) query: ListActionsQuery, @Caller() caller: RequestContext): Promise<Page<ActionView>> {
    return this.queries.actions(query, caller);
  }

  @Handles('safety.actions.update')
  updateAction(
    @Payload('id', idField) id: string,
    @Payload('patch', new ZodPipe(updateActionSchema)) patch: UpdateActionInput,
    @Payload('expectedVersion', versionField) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<ActionView> {
    return this.actions.update(id, patch, expectedVersion, caller);
  }

  @Handles('safety.actions.resolve')
  resolveAction(
    @Payload('id', idField) id: string,
    @Payload('note', new ZodPipe(resolveActionSchema.shape.note, 'note')) note: string,
    @Payload('expectedVersion', versionField) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<ActionView> {
    return this.actions.resolve(id, note, expectedVersion, caller);
  }

  @Handles('safety.actions.verify')
  verifyAction(
    @Payload('id', idField) id: string,
    @Payload('expectedVersion', versionField) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<ActionView> {
    return this.actions.verify(id, expectedVersion, caller);
  }

  @Handles('safety.actions.cancel')
  cancelAction(
    @Payload('id', idField) id: string,
    @Payload('reason', new ZodPipe(cancelActionSchema.shape.reason, 'reason')) reason: string,
    @Payload('expectedVersion', versionField) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<ActionView> {
    return this.actions.cancel(id, reason, expectedVersion, caller);
  }
}
