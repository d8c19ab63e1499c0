import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { ACTION_PRIORITIES, AUDIT_READER_ROLES, MANAGER_ROLES, type RequestContext, type SummaryQuery, type SummaryReport } from '@uehub/contracts';
import { assertActorRole } from '@uehub/errors';

/** At most this many groups in one summary (a bounded answer; narrow the period for more detail). */
const MAX_GROUPS = 500;

/** The summary report: inspections completed, failed and missed per site or template in a period, open and overdue actions now. */
@Injectable()
export class SafetyReports {
  constructor(private readonly orm: MikroORM) {}

  async summary(query: SummaryQuery, context: RequestContext): Promise<SummaryReport> {
    assertActorRole(context.actor, [...new Set([...MANAGER_ROLES, ...AUDIT_READER_ROLES])], 'read safety reports');
    const em = this.orm.em.fork();
    const [key, missedKey] = query.groupBy === 'site' ? ['site', `state->>'site'`] : ['template_id::text', `state->>'templateId'`];
    // missed: the occurrences announced as missed whose window ended in the period
    const groups = await em.execute<{ key: string; done: number; failed: number; missed: number }[]>(
      `with done as (select ${key} as key, count(*)::int as done, (count(*) filter (where result = 'fail'))::int as failed
                       from safety.safety_checklists where status = 'completed' and completed_at >= ? and completed_at < ? group by 1),
            missed as (select ${missedKey} as key, count(*)::int as missed
                         from safety.safety_schedule_occurrences where ends_at >= ? and ends_at < ? group by 1)
       select coalesce(d.key, m.key) as key, coalesce(d.done, 0) as done, coalesce(d.failed, 0) as failed, coalesce(m.missed, 0) as missed
         from done d full join missed m on m.key = d.key order by 1 limit ?`,
      [query.from, query.to, query.from, query.to, MAX_GROUPS],
    );
    const rows = await em.execute<{ priority: string; open: number; overdue: number }[]>(
      `select priority, count(*)::int as open, (count(*) filter (where due_at < now()))::int as overdue
         from safety.safety_actions where status in ('open', 'in_progress') group by priority`,
    );
    const actions = ACTION_PRIORITIES.map((priority) => {
      const row = rows.find((r) => r.priority === priority);
      return { priority, open: row?.open ?? 0, overdue: row?.overdue ?? 0 };
    });
    return { from: new Date(query.from).toISOString(), to: new Date(query.to).toISOString(), groupBy: query.groupBy, groups, actions };
  }
}
