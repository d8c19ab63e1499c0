import type { MikroORM } from '@mikro-orm/postgresql';
import { openServiceOrm } from '@uehub/database';
import { loadServiceConfig, type ServiceConfig } from '@uehub/service-host';
import { createTestDatabase, testServers, testSubjectPrefix } from '@uehub/testing';
import { safetyMigrations } from './migrations';
import { userContext } from './safety.fixture';
import { actionListQuery } from './safety-queries.service';
import { migrateSafety, safetyDatabase } from './safety.app';

const TABLES = ['safety_actions', 'safety_checklists', 'safety_templates', 'safety_schedules', 'safety_schedule_occurrences', 'safety_schedule_sweeps'];

/** Constraints and indexes of the safety tables, as the catalog lists them. */
async function catalog(orm: MikroORM) {
  const em = orm.em.fork();
  const constraints = await em.execute<{ conname: string; def: string }[]>(
    `select conname, pg_get_constraintdef(oid) as def from pg_constraint
      where conrelid = any(?::regclass[]) order by conname`,
    [`{${TABLES.map((t) => `safety.${t}`).join(',')}}`],
  );
  const indexes = await em.execute<{ indexname: string; indexdef: string }[]>(
    `select indexname, indexdef from pg_indexes where schemaname = 'safety' and tablename in (?) order by indexname`,
    [TABLES],
  );
  return { constraints: Object.fromEntries(constraints.map((c) => [c.conname, c.def])), indexes: Object.fromEntries(indexes.map((i) => [i.indexname, i.indexdef])) };
}

describe('safety schema (PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let config: ServiceConfig;
  let orm: MikroORM;

  beforeAll(async () => {
    database = await createTestDatabase('safety_schema');
    config = loadServiceConfig('safety', { DATABASE_URL: database.url, NATS_URL: testServers().natsUrl, NATS_SUBJECT_PREFIX: testSubjectPrefix('safety_schema') });
    await migrateSafety(config);
    orm = await openServiceOrm({ ...safetyDatabase(config), poolMax: 4 });
  });
  afterAll(async () => {
    await orm.close(true);
    await database.drop();
  });

  it('should have the constraints and indexes of the product queries', async () => {
    const { constraints, indexes } = await catalog(orm);
    expect(constraints.safety_actions_status_check).toBe(
      "CHECK ((status = ANY (ARRAY['open'::text, 'in_progress'::text, 'resolved'::text, 'verified'::text, 'cancelled'::text])))",
    );
    expect(constraints.safety_actions_priority_check).toBe("CHECK ((priority = ANY (ARRAY['low'::text, 'medium'::text, 'high'::text, 'critical'::text])))");
    expect(constraints.safety_actions_inspection_fkey).toBe('FOREIGN KEY (inspection_id) REFERENCES safety.safety_checklists(id)');
    expect(constraints.safety_checklists_template_fkey).toBe('FOREIGN KEY (template_id) REFERENCES safety.safety_templates(id)');
    expect(constraints.safety_checklists_result_check).toBe("CHECK ((result = ANY (ARRAY['pass'::text, 'fail'::text])))");
    expect(constraints.safety_checklists_completed_check).toBe("CHECK (((status = 'completed'::text) = ((completed_at IS NOT NULL) AND (result IS NOT NULL))))");
    const open = "WHERE (status = ANY (ARRAY['open'::text, 'in_progress'::text]))";
    expect(indexes.safety_actions_open_assignee_idx).toBe(`CREATE INDEX safety_actions_open_assignee_idx ON safety.safety_actions USING btree (assignee_id, due_at, id) ${open}`);
    expect(indexes.safety_actions_open_due_idx).toBe(`CREATE INDEX safety_actions_open_due_idx ON safety.safety_actions USING btree (due_at, id) ${open}`);
    expect(indexes.safety_actions_inspection_item_unique).toBe(
      "CREATE UNIQUE INDEX safety_actions_inspection_item_unique ON safety.safety_actions USING btree (inspection_id, item_id) WHERE (source = 'inspection'::text)",
    );
    expect(indexes.safety_checklists_site_date_idx).toBe('CREATE INDEX safety_checklists_site_date_idx ON safety.safety_checklists USING btree (site, created_at DESC, id DESC)');
    // schedules: "was this occurrence done" and one row per missed occurrence
    expect(indexes.safety_checklists_completed_idx).toBe(
      "CREATE INDEX safety_checklists_completed_idx ON safety.safety_checklists USING btree (template_id, site, completed_at) WHERE (status = 'completed'::text)",
    );
    expect(constraints.safety_schedule_occurrences_unique).toBe('UNIQUE (schedule_id, starts_at)');
    expect(constraints.safety_schedule_occurrences_window_check).toBe('CHECK ((ends_at > starts_at))');
    expect(constraints.safety_schedules_template_fkey).toBe('FOREIGN KEY (template_id) REFERENCES safety.safety_templates(id)');
    expect(constraints.safety_schedule_sweeps_schedule_fkey).toBe('FOREIGN KEY (schedule_id) REFERENCES safety.safety_schedules(id)');
  });

  it("should answer the assignee's open actions from their partial index", async () => {
    const em = orm.em.fork();
    await em.execute(
      `insert into safety.safety_actions (id, source, title, priority, assignee_id, due_at, status, state, version, created_at, updated_at)
       select gen_random_uuid(), 'manual', 'Action ' || g, 'medium', ('00000000-0000-7000-8000-' || lpad((g % 100)::text, 12, '0'))::uuid,
              now() + (g % 30) * interval '1 day', (array['open', 'in_progress', 'resolved', 'verified', 'cancelled'])[1 + g % 5], '{}', 1, now(), now()
         from generate_series(1, 20000) g`,
    );
    await em.execute('analyze safety.safety_actions');
    const assignee = '00000000-0000-7000-8000-000000000007';
    const { sql, params } = actionListQuery({ assigneeId: assignee, open: true, limit: 50 }, userContext('m', 'manager'));
    const [{ 'QUERY PLAN': plan }] = await em.execute<{ 'QUERY PLAN': unknown }[]>(`explain (format json) ${sql}`, params);
    expect(JSON.stringify(plan)).toContain('"Index Name":"safety_actions_open_assignee_idx"');
  });

  it('should change nothing when migrations run again', async () => {
    const before = await catalog(orm);
    expect(await migrateSafety(config)).toEqual([]);
    await orm.em.fork().execute('truncate safety.safety_migrations');
    expect(await migrateSafety(config)).toHaveLength(safetyMigrations.length);
    expect(await catalog(orm)).toEqual(before);
  });
});
