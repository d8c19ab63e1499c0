import { Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { EMPLOYEE_ROLES, type ActionView, type CreateActionInput, type RequestContext, type UpdateActionInput } from '@uehub/contracts';
import { AppError, assertActorRole } from '@uehub/errors';
import { CommandHandler, type Executed } from '@uehub/event-store';
import { v7 as uuidv7 } from 'uuid';
import { assertMayWork, isManager } from '../access';
import { CHECKLISTS } from '../inspections/inspection.aggregate';
import { findRow } from '../store/rows';
import { UserRefs } from '@uehub/user-replica';
import { ACTIONS, actionAggregate, toActionView } from './action.aggregate';
import type { ActionCommand, ActionState } from './action.decide';
import { executedRow } from '../store/state-rows';

const now = () => new Date().toISOString();

/** Corrective actions: raised by hand or opened by a failed item; owned, resolved, verified by another manager. */
@Injectable()
export class ActionCommands {
  constructor(
    private readonly orm: MikroORM,
    private readonly commands: CommandHandler,
    private readonly users: UserRefs,
  ) {}

  async create(input: CreateActionInput, context: RequestContext): Promise<ActionView> {
    assertActorRole(context.actor, EMPLOYEE_ROLES, 'raise corrective actions');
    const assigneeId = input.assigneeId ?? null;
    if (assigneeId) await this.users.requireActive(assigneeId);
    const id = uuidv7();
    return this.commands.run({ context, request: { pattern: 'safety.actions.create', payload: input } }, async (session) => {
      if (assigneeId) await this.users.recheck(session.tx, assigneeId);
      if (input.inspectionId) await findRow(session.tx, CHECKLISTS, input.inspectionId, 'inspection');
      const opened = {
        source: 'manual' as const,
        inspectionId: null,
        itemId: null,
        title: input.title,
        description: input.description ?? null,
        priority: input.priority ?? 'medium',
        assigneeId,
        ...(input.dueAt ? { dueAt: new Date(input.dueAt).toISOString() } : {}),
      };
      return viewOf(id, await session.execute(actionAggregate, id, { kind: 'open', opened, at: now() }));
    });
  }

  async update(id: string, patch: UpdateActionInput, expectedVersion: number | undefined, context: RequestContext): Promise<ActionView> {
    const onlyStarts = Object.keys(patch).every((key) => key === 'status');
    if (!onlyStarts && !isManager(context.actor)) throw new AppError('FORBIDDEN', 'Only a manager assigns and changes actions');
    if (patch.assigneeId) await this.users.requireActive(patch.assigneeId);
    const normalised = patch.dueAt ? { ...patch, dueAt: new Date(patch.dueAt).toISOString() } : patch;
    return this.run(id, { kind: 'update', patch: normalised, at: now() }, expectedVersion, context, 'start this action', async (tx) => {
      if (patch.assigneeId) await this.users.recheck(tx, patch.assigneeId);
    });
  }

  resolve(id: string, note: string, expectedVersion: number | undefined, context: RequestContext): Promise<ActionView> {
    return this.run(id, { kind: 'resolve', note, at: now() }, expectedVersion, context, 'resolve this action');
  }

  verify(id: string, expectedVersion: number | undefined, context: RequestContext): Promise<ActionView> {
    if (!isManager(context.actor)) throw new AppError('FORBIDDEN', 'Only a manager verifies an action');
    return this.run(id, { kind: 'verify', at: now() }, expectedVersion, context, 'verify');
  }

  cancel(id: string, reason: string, expectedVersion: number | undefined, context: RequestContext): Promise<ActionView> {
    if (!isManager(context.actor)) throw new AppError('FORBIDDEN', 'Only a manager cancels an action');
    return this.run(id, { kind: 'cancel', reason, at: now() }, expectedVersion, context, 'cancel');
  }

  private async run(
    id: string,
    command: ActionCommand,
    expectedVersion: number | undefined,
    context: RequestContext,
    what: string,
    inside?: (tx: EntityManager) => Promise<void>,
  ): Promise<ActionView> {
    const row = await findRow<NonNullable<ActionState>>(this.orm.em.fork(), ACTIONS, id, 'action');
    assertMayWork(context, row.state.assigneeId, what);
    const request = { pattern: `safety.actions.${command.kind}`, payload: { id, command: { ...command, at: undefined }, expectedVersion } };
    return this.commands.run({ context, request }, async (session) => {
      await inside?.(session.tx);
      return viewOf(id, await session.execute(actionAggregate, id, command, { expectedVersion }));
    });
  }
}

function viewOf(id: string, executed: Executed<ActionState>): ActionView {
  return toActionView(executedRow(id, executed));
}
