import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { CommandHandler } from '@uehub/event-store';
import { SAFETY_SETTINGS, type SafetySettings } from '../safety-settings';
import { PeriodicSweep, systemContext } from '../store/periodic-sweep';
import { ACTIONS, actionAggregate } from './action.aggregate';

/**
 * Emits `safety.action.overdue` once per due date: every `overdueSweepMs` it asks the open
 * actions past due that were not announced (the `open_due` partial index) and runs
 * `mark_overdue` on each; the decider refuses a second announcement, so replicas sweeping at
 * the same time cannot emit twice (the row lock orders them).
 */
@Injectable()
export class OverdueSweeper extends PeriodicSweep {
  protected readonly logger = new Logger('OverdueSweeper');

  constructor(
    private readonly orm: MikroORM,
    private readonly commands: CommandHandler,
    @Inject(SAFETY_SETTINGS) settings: SafetySettings,
  ) {
    super(settings.overdueSweepMs);
  }

  async sweep(): Promise<number> {
    const due = await this.orm.em.fork().execute<{ id: string }[]>(
      `select id from ${ACTIONS} where status in ('open', 'in_progress') and due_at < now()
         and not coalesce((state->>'overdueNotified')::boolean, false) order by due_at, id limit 100`,
    );
    let announced = 0;
    for (const { id } of due) {
      const context = systemContext('safety-overdue', `overdue-${id}`);
      const executed = await this.commands.run({ context }, (session) => session.execute(actionAggregate, id, { kind: 'mark_overdue', at: new Date().toISOString() }));
      announced += executed.events.length;
    }
    return announced;
  }
}
