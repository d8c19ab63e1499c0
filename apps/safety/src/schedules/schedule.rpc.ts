import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { createScheduleSchema, dueQuerySchema, listSchedulesQuerySchema, updateScheduleSchema } from '@uehub/contracts';
import { parseOrThrow, requireCaller } from '@uehub/errors';
import { RpcServer } from '@uehub/messaging';
import { expectedVersionOf as expected, idOf as id } from '../rpc-params';
import { ScheduleCommands } from './schedule-commands.service';
import { ScheduleQueries } from './schedule-queries.service';


/** The schedule patterns: payloads re-validated, callers re-checked. */
@Injectable()
export class ScheduleRpc implements OnApplicationBootstrap {
  constructor(
    private readonly rpc: RpcServer,
    private readonly commands: ScheduleCommands,
    private readonly queries: ScheduleQueries,
  ) {}

  onApplicationBootstrap(): void {
    const { commands: s, queries: q } = this;
    this.rpc.serve({
      'safety.schedules.create': (p, c) => s.create(parseOrThrow(createScheduleSchema, p), requireCaller(c)),
      'safety.schedules.get': (p, c) => q.schedule(id(p.id), requireCaller(c)),
      'safety.schedules.list': (p, c) => q.schedules(parseOrThrow(listSchedulesQuerySchema, p, 'query'), requireCaller(c)),
      'safety.schedules.update': (p, c) => s.update(id(p.id), parseOrThrow(updateScheduleSchema, p.patch), expected(p.expectedVersion), requireCaller(c)),
      'safety.schedules.delete': (p, c) => s.remove(id(p.id), expected(p.expectedVersion), requireCaller(c)),
      'safety.schedules.start': (p, c) => s.startInspection(id(p.id), requireCaller(c)),
      'safety.schedules.due': (p, c) => q.due(parseOrThrow(dueQuerySchema, p, 'query'), requireCaller(c)),
    });
  }
}
