import type { INestApplicationContext } from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { RequestContext } from '@uehub/contracts';
import { openServiceOrm } from '@uehub/database';
import { connectNats, deleteEventStream, drainNats } from '@uehub/messaging';
import { loadServiceConfig, type ServiceConfig } from '@uehub/service-host';
import { createTestDatabase, testServers, testSubjectPrefix } from '@uehub/testing';
import { v7 as uuidv7 } from 'uuid';
import { ActionCommands } from './actions/action-commands.service';
import { OverdueSweeper } from './actions/overdue-sweeper';
import { InspectionCommands } from './inspections/inspection-commands.service';
import { rebuildAndCompare, rebuildSafety } from './rebuild/rebuild-safety';
import { createSafetyApp, migrateSafety, safetyDatabase } from './safety.app';
import { VEHICLE_CHECK } from './safety.fixture';
import { TemplateCommands } from './templates/template-commands.service';

describe('rebuilding safety tables from events (PostgreSQL + NATS)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let config: ServiceConfig;
  let orm: MikroORM;
  let app: INestApplicationContext;
  const prefix = testSubjectPrefix('safety_rebuild');

  beforeAll(async () => {
    database = await createTestDatabase('safety_rebuild');
    config = loadServiceConfig('safety', { DATABASE_URL: database.url, NATS_URL: testServers().natsUrl, NATS_SUBJECT_PREFIX: prefix });
    await migrateSafety(config);
    orm = await openServiceOrm({ ...safetyDatabase(config), poolMax: 4 });
    app = await createSafetyApp(config, { evidenceMaxBytes: 1024 * 1024, overdueSweepMs: 3_600_000 });
    const [inspector, manager, admin] = [uuidv7(), uuidv7(), uuidv7()];
    for (const [id, role] of [[inspector, 'employee'], [manager, 'manager'], [admin, 'admin']]) {
      await orm.em.fork().execute('insert into safety.safety_user_refs (id, email, name, role, is_active, version) values (?, ?, ?, ?, true, 1)', [id, `${id}@x.test`, id, role]);
    }
    const as = (id: string, role: 'employee' | 'manager' | 'admin'): RequestContext => ({ actor: { kind: 'user', id, role }, correlationId: 'rebuild' });
    const templates = app.get(TemplateCommands);
    const inspections = app.get(InspectionCommands);
    const actions = app.get(ActionCommands);
    const template = await templates.create(VEHICLE_CHECK, as(manager, 'manager'));
    await templates.execute(template.id, { kind: 'publish' }, undefined, as(manager, 'manager'));
    await templates.execute(template.id, { kind: 'save_draft', content: { ...VEHICLE_CHECK, name: 'v2' } }, undefined, as(manager, 'manager'));
    const inspection = await inspections.start({ templateId: template.id, site: 'Yard' }, as(inspector, 'employee'));
    await inspections.answer(inspection.id, 'brakes', { answerId: 'a1', value: 'fail' }, as(inspector, 'employee'));
    await inspections.answer(inspection.id, 'tyres', { answerId: 'a2', value: 1.5 }, as(inspector, 'employee'));
    const done = await inspections.complete(inspection.id, undefined, as(inspector, 'employee'));
    await inspections.amend(inspection.id, { itemId: 'tyres', value: 2.5, reason: 'gauge fixed' }, undefined, as(inspector, 'employee'));
    await inspections.countersign(inspection.id, undefined, as(manager, 'manager'));
    expect(done.failedItemIds).toEqual(['brakes', 'tyres']);
    const manual = await actions.create({ title: 'Spill', priority: 'high', assigneeId: inspector }, as(inspector, 'employee'));
    await actions.update(manual.id, { status: 'in_progress', priority: 'critical' }, undefined, as(manager, 'manager'));
    await actions.resolve(manual.id, 'mopped', undefined, as(inspector, 'employee'));
    await actions.verify(manual.id, undefined, as(admin, 'admin'));
    const late = await actions.create({ title: 'Fire door blocked', assigneeId: inspector, dueAt: new Date(Date.now() - 60_000).toISOString() }, as(inspector, 'employee'));
    overdueId = late.id;
    sweeps = [await app.get(OverdueSweeper).sweep(), await app.get(OverdueSweeper).sweep()];
  });
  let overdueId = '';
  let sweeps: number[] = [];

  it('should announce an overdue action once, however often the sweep runs', async () => {
    const rows = await orm.em.fork().execute<{ event_type: string }[]>(`select event_type from safety.safety_events where stream_id = ? order by stream_version`, [overdueId]);
    expect(rows.map((r) => r.event_type)).toEqual(['safety.action.opened', 'safety.action.overdue']);
    expect(sweeps.slice(-1)).toEqual([0]);
  });
  afterAll(async () => {
    await app.close();
    await orm.close(true);
    const nc = await connectNats(testServers().natsUrl, 'safety-rebuild-cleanup');
    await deleteEventStream(nc, prefix);
    await drainNats(nc);
    await database.drop();
  });

  it('should reproduce the live tables exactly by folding the events through the pure evolve', async () => {
    expect(await rebuildAndCompare(orm.em.fork())).toEqual({
      ok: true,
      events: expect.any(Number),
      tables: {
        template: { live: 1, rebuilt: 1, differing: 0 },
        inspection: { live: 1, rebuilt: 1, differing: 0 },
        action: { live: 4, rebuilt: 4, differing: 0 },
      },
    });
  });

  it('should name the difference when a live row was changed behind the events', async () => {
    await orm.em.fork().execute(`update safety.safety_actions set priority = 'low' where title = 'Spill'`);
    const report = await rebuildAndCompare(orm.em.fork());
    expect([report.ok, report.tables.action.differing]).toEqual([false, 2]);
    await orm.em.fork().execute(`update safety.safety_actions set priority = 'critical' where title = 'Spill'`);
    expect((await rebuildSafety(config)).ok).toBe(true);
  });
});
