import type { EntityManager } from '@mikro-orm/postgresql';
import { CHECKLISTS } from '../inspections/inspection.aggregate';
import type { Completion } from './occurrence.decide';

/** Bounds the completions read for one schedule in one window (more than any schedule's occurrences there). */
const MAX_COMPLETIONS = 5000;

/** Inspections of the template at the site completed in [from, to), oldest first (`safety_checklists_completed_idx`). */
export async function completionsIn(em: EntityManager, where: { templateId: string; site: string }, from: string, to: string): Promise<Completion[]> {
  const rows = await em.execute<{ id: string; completed_at: Date | string }[]>(
    `select id, completed_at from ${CHECKLISTS} where status = 'completed' and template_id = ? and site = ? and completed_at >= ? and completed_at < ?
      order by completed_at, id limit ?`,
    [where.templateId, where.site, from, to, MAX_COMPLETIONS],
  );
  return rows.map((row) => ({ id: row.id, completedAt: new Date(row.completed_at).toISOString() }));
}
