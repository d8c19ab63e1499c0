import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { EMPLOYEE_ROLES, type AmendInput, type EvidenceUpload, type AnswerInput, type InspectionView, type RequestContext, type StartInspectionInput } from '@uehub/contracts';
import { AppError, assertActorRole } from '@uehub/errors';
import { CommandHandler, type CommandSession, type Executed } from '@uehub/event-store';
import { v7 as uuidv7 } from 'uuid';
import { assertMayWork, isManager } from '../access';
import { openActionsForFailures } from '../actions/open-actions';
import { storeUpload } from '../evidence/evidence-store';
import { SAFETY_SETTINGS, type SafetySettings } from '../safety-settings';
import { findRow } from '../store/rows';
import { UserRefs } from '@uehub/user-replica';
import { startableVersion } from '../templates/startable-template';
import { CHECKLISTS, inspectionAggregate, toInspectionView } from './inspection.aggregate';
import type { InspectionCommand, InspectionState } from './inspection.decide';
import { executedRow } from '../store/state-rows';

const now = () => new Date().toISOString();

/** Inspections: started from a published template version, answered item by item, completed, signed, amended. */
@Injectable()
export class InspectionCommands {
  constructor(
    private readonly orm: MikroORM,
    private readonly commands: CommandHandler,
    private readonly users: UserRefs,
    @Inject(SAFETY_SETTINGS) private readonly settings: SafetySettings,
  ) {}

  async start(input: StartInspectionInput, context: RequestContext): Promise<InspectionView> {
    assertActorRole(context.actor, EMPLOYEE_ROLES, 'start inspections');
    const inspectorId = input.inspectorId ?? context.actor.id;
    if (inspectorId !== context.actor.id && !isManager(context.actor)) throw new AppError('FORBIDDEN', 'Only a manager assigns an inspection to someone else');
    return this.begin({ ...input, inspectorId }, context, { pattern: 'safety.inspections.start', payload: input });
  }

  /** Starts an inspection whose caller was checked: from the newest published version, by an active inspector. */
  async begin(input: StartInspectionInput & { inspectorId: string }, context: RequestContext, request: { pattern: string; payload: unknown }): Promise<InspectionView> {
    const { inspectorId } = input;
    await this.users.requireActive(inspectorId);
    const id = uuidv7();
    return this.commands.run({ context, request }, async (session) => {
      await this.users.recheck(session.tx, inspectorId);
      const published = await startableVersion(session.tx, input.templateId);
      const started = {
        templateId: input.templateId,
        templateVersion: published.version,
        templateName: published.name,
        items: published.sections.flatMap((s) => s.items.map((i) => ({ ...i, section: s.title }))),
        site: input.site,
        assetId: input.assetId ?? null,
        inspectorId,
      };
      return viewOf(id, await session.execute(inspectionAggregate, id, { kind: 'start', started }));
    });
  }

  answer(id: string, itemId: string, answer: AnswerInput, context: RequestContext): Promise<InspectionView> {
    const command: InspectionCommand = { kind: 'answer', itemId, answerId: answer.answerId, value: answer.value, note: answer.note ?? null, at: now() };
    // the client's answerId is the save's Idempotency-Key: a retry gets the first answer back, a reuse for another answer is 422
    const keyed = { ...context, idempotencyKey: `answer:${id}:${answer.answerId}` };
    return this.run(id, command, undefined, keyed, 'answer this inspection', { id, itemId, answer });
  }

  /** Stores an uploaded photo (checked from its bytes, kept once by SHA-256) and attaches it to an answer. */
  async attachEvidence(id: string, itemId: string, upload: EvidenceUpload, context: RequestContext): Promise<InspectionView> {
    const row = await findRow<NonNullable<InspectionState>>(this.orm.em.fork(), CHECKLISTS, id, 'inspection');
    assertMayWork(context, row.state.inspectorId, 'add photos to this inspection');
    const request = { pattern: 'safety.inspections.evidence', payload: { id, itemId, upload } };
    return this.commands.run({ context, request }, async (session) => {
      const { contentType, size } = await storeUpload(session.tx, context.actor.id, upload, this.settings.evidenceMaxBytes);
      const command: InspectionCommand = { kind: 'attach_evidence', itemId, sha256: upload.sha256, contentType, size, at: now() };
      return viewOf(id, await session.execute(inspectionAggregate, id, command));
    });
  }

  complete(id: string, expectedVersion: number | undefined, context: RequestContext): Promise<InspectionView> {
    return this.run(id, { kind: 'complete', at: now() }, expectedVersion, context, 'complete this inspection', { id, expectedVersion });
  }

  amend(id: string, amendment: AmendInput, expectedVersion: number | undefined, context: RequestContext): Promise<InspectionView> {
    return this.run(id, { kind: 'amend', ...amendment, at: now() }, expectedVersion, context, 'amend this inspection', { id, amendment, expectedVersion });
  }

  async countersign(id: string, expectedVersion: number | undefined, context: RequestContext): Promise<InspectionView> {
    if (!isManager(context.actor)) throw new AppError('FORBIDDEN', 'Only a manager countersigns an inspection');
    return this.run(id, { kind: 'countersign', at: now() }, expectedVersion, context, 'countersign', { id, expectedVersion });
  }

  /** Checks who may act (the inspector or a manager), then runs the command; failures open actions. */
  private async run(id: string, command: InspectionCommand, expectedVersion: number | undefined, context: RequestContext, what: string, payload: unknown): Promise<InspectionView> {
    const row = await findRow<NonNullable<InspectionState>>(this.orm.em.fork(), CHECKLISTS, id, 'inspection');
    assertMayWork(context, row.state.inspectorId, what);
    const request = { pattern: `safety.inspections.${command.kind === 'countersign' ? 'sign' : command.kind}`, payload };
    return this.commands.run({ context, request }, async (session: CommandSession) => {
      const executed = await session.execute(inspectionAggregate, id, command, { expectedVersion });
      const cause = executed.events.find((e) => e.type === 'safety.inspection.completed' || e.type === 'safety.inspection.amended');
      if (cause && executed.folded?.state) await openActionsForFailures(session, id, executed.folded.state, cause, now());
      return viewOf(id, executed);
    });
  }
}

function viewOf(id: string, executed: Executed<InspectionState>): InspectionView {
  return toInspectionView(executedRow(id, executed));
}
