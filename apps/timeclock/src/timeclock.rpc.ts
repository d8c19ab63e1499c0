import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { breakStartSchema, clockInSchema, correctShiftSchema, listShiftsQuerySchema, punchSchema, uuidSchema } from '@uehub/contracts';
import { parseOrThrow, requireCaller } from '@uehub/errors';
import { RpcServer } from '@uehub/messaging';
import { z } from 'zod';
import { ShiftCommands } from './shifts/shift-commands.service';
import { ShiftQueries } from './shifts/shift-queries.service';

const expectedVersion = z.number().int().positive().optional();

/** Timeclock's request/reply patterns: payloads re-validated, callers re-checked. */
@Injectable()
export class TimeclockRpc implements OnApplicationBootstrap {
  constructor(
    private readonly rpc: RpcServer,
    private readonly commands: ShiftCommands,
    private readonly queries: ShiftQueries,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.serve({
      'timeclock.clock_in': (p, c) => this.commands.clockIn(parseOrThrow(clockInSchema, p), requireCaller(c)),
      'timeclock.clock_out': (p, c) => this.commands.clockOut(parseOrThrow(punchSchema, p), requireCaller(c)),
      'timeclock.breaks.start': (p, c) => this.commands.startBreak(parseOrThrow(breakStartSchema, p), requireCaller(c)),
      'timeclock.breaks.end': (p, c) => this.commands.endBreak(parseOrThrow(punchSchema, p), requireCaller(c)),
      'timeclock.shifts.get': (p, c) => this.queries.get(parseOrThrow(uuidSchema, p.id, 'shift id'), requireCaller(c)),
      'timeclock.shifts.list': (p, c) => this.queries.list(parseOrThrow(listShiftsQuerySchema, p, 'query'), requireCaller(c)),
      'timeclock.shifts.correct': (p, c) =>
        this.commands.correct(
          parseOrThrow(uuidSchema, p.id, 'shift id'),
          parseOrThrow(correctShiftSchema, p.correction),
          parseOrThrow(expectedVersion, p.expectedVersion),
          requireCaller(c),
        ),
      'timeclock.on_the_clock': (_p, c) => this.queries.onTheClock(requireCaller(c)),
    });
  }
}
