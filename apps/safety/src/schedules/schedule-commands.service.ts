import { Injectable } from '@nestjs/common';
import { MANAGER_ROLES, type CreateScheduleInput, type InspectionView, type RequestContext, type ScheduleView, type UpdateScheduleInput } from '@uehub/contracts';
import { assertActorRole } from '@uehub/errors';
import { CommandHandler, type Executed } from '@uehub/event-store';
import { v7 as uuidv7 } from 'uuid';
import { assertMayWork } from '../access';
import { InspectionCommands } from '../inspections/inspection-commands.service';
import { startableVersion } from '../templates/startable-template';
import { UserRefs } from '@uehub/user-replica';
import { ScheduleQueries } from './schedule-queries.service';
import { scheduleAggregate, toScheduleView } from './schedule.aggregate';
import type { ScheduleCommand, ScheduleState } from './schedule.decide';
import { executedRow } from '../store/state-rows';

const now = () => new Date().toISOString();

/** Schedules (managers and up): a published template at a site on a recurrence, assigned to an active user. */
@Injectable()
export class ScheduleCommands {
  constructor(
    private readonly commands: CommandHandler,
    private readonly users: UserRefs,
    private readonly queries: ScheduleQueries,
    private readonly inspections: InspectionCommands,
  ) {}

  /** Starts the scheduled inspection (the template at the site, for the assignee): the assignee, workers too, or a manager. */
  async startInspection(id: string, context: RequestContext): Promise<InspectionView> {
    const schedule = await this.queries.schedule(id, context);
    assertMayWork(context, schedule.assigneeId, 'start this scheduled inspection');
    const input = { templateId: schedule.templateId, site: schedule.site, inspectorId: schedule.assigneeId };
    return this.inspections.begin(input, context, { pattern: 'safety.schedules.start', payload: { id } });
  }

  async create(input: CreateScheduleInput, context: RequestContext): Promise<ScheduleView> {
    assertActorRole(context.actor, MANAGER_ROLES, 'manage schedules');
    await this.users.requireActive(input.assigneeId);
    const id = uuidv7();
    const { templateId, ...fields } = input;
    return this.commands.run({ context, request: { pattern: 'safety.schedules.create', payload: input } }, async (session) => {
      await this.users.recheck(session.tx, input.assigneeId);
      await startableVersion(session.tx, templateId); // a schedule names a template inspections can start from
      return viewOf(id, await session.execute(scheduleAggregate, id, { kind: 'create', templateId, fields, at: now() }));
    });
  }

  async update(id: string, patch: UpdateScheduleInput, expectedVersion: number | undefined, context: RequestContext): Promise<ScheduleView> {
    assertActorRole(context.actor, MANAGER_ROLES, 'manage schedules');
    if (patch.assigneeId) await this.users.requireActive(patch.assigneeId);
    const command: ScheduleCommand = { kind: 'update', patch, at: now() };
    return this.commands.run({ context, request: { pattern: 'safety.schedules.update', payload: { id, patch, expectedVersion } } }, async (session) => {
      if (patch.assigneeId) await this.users.recheck(session.tx, patch.assigneeId);
      return viewOf(id, await session.execute(scheduleAggregate, id, command, { expectedVersion }));
    });
  }

  async remove(id: string, expectedVersion: number | undefined, context: RequestContext): Promise<{ ok: true }> {
    assertActorRole(context.actor, MANAGER_ROLES, 'manage schedules');
    const request = { pattern: 'safety.schedules.delete', payload: { id, expectedVersion } };
    await this.commands.handle(scheduleAggregate, id, { kind: 'delete', at: now() } satisfies ScheduleCommand, { context, expectedVersion, request }, () => null);
    return { ok: true };
  }
}

function viewOf(id: string, executed: Executed<ScheduleState>): ScheduleView {
  return toScheduleView(executedRow(id, executed));
}
