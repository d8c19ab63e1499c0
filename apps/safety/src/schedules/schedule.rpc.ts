import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  createScheduleSchema,
  dueQuerySchema,
  listSchedulesQuerySchema,
  updateScheduleSchema,
  type CreateScheduleInput,
  type DueListing,
  type DueQuery,
  type InspectionView,
  type ListSchedulesQuery,
  type Page,
  type RequestContext,
  type ScheduleView,
  type UpdateScheduleInput,
} from '@uehub/contracts';
import { Caller, Handles, ZodPipe } from '@uehub/messaging';
import { idField, versionField } from '../rpc-params';
import { ScheduleCommands } from './schedule-commands.service';
import { ScheduleQueries } from './schedule-queries.service';

/**
 * The schedule patterns. Every caller is a signed-in user (the global `CallerGuard`); payloads
 * are validated by the pipes; roles are the commands' and queries' rules.
 */
@Controller()
export class ScheduleRpc {
  constructor(
    private readonly commands: ScheduleCommands,
    private readonly queries: ScheduleQueries,
  ) {}

  @Handles('safety.schedules.create')
  create(@Payload(new ZodPipe(createScheduleSchema)) input: CreateScheduleInput, @Caller() caller: RequestContext): Promise<ScheduleView> {
    return this.commands.create(input, caller);
  }

  @Handles('safety.schedules.get')
  get(@Payload('id', idField) id: string, @Caller() caller: RequestContext): Promise<ScheduleView> {
    return this.queries.schedule(id, caller);
  }

  @Handles('safety.schedules.list')
  list(@Payload(new ZodPipe(listSchedulesQuerySchema, 'query')) query: ListSchedulesQuery, @Caller() caller: RequestContext): Promise<Page<ScheduleView>> {
    return this.queries.schedules(query, caller);
  }

  @Handles('safety.schedules.update')
  update(
    @Payload('id', idField) id: string,
    @Payload('patch', new ZodPipe(updateScheduleSchema)) patch: UpdateScheduleInput,
    @Payload('expectedVersion', versionField) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<ScheduleView> {
    return this.commands.update(id, patch, expectedVersion, caller);
  }

  @Handles('safety.schedules.delete')
  delete(
    @Payload('id', idField) id: string,
    @Payload('expectedVersion', versionField) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<{ ok: true }> {
    return this.commands.remove(id, expectedVersion, caller);
  }

  @Handles('safety.schedules.start')
  start(@Payload('id', idField) id: string, @Caller() caller: RequestContext): Promise<InspectionView> {
    return this.commands.startInspection(id, caller);
  }

  @Handles('safety.schedules.due')
  due(@Payload(new ZodPipe(dueQuerySchema, 'query')) query: DueQuery, @Caller() caller: RequestContext): Promise<DueListing> {
    return this.queries.due(query, caller);
  }
}
