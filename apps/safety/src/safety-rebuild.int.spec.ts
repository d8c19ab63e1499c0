import type { INestApplicationContext } from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { RequestContext } from '@uehub/contracts';
import { openServiceOrm } from '@uehub/database';
import { connectNats, deleteEventStream, drainNats, type NatsConnection } from '@uehub/messaging';
import { readUserEvents } from '@uehub/user-replica';
import { loadServiceConfig, type ServiceConfig } from '@uehub/service-host';
import { addReplicaUser, createTestDatabase, testServers, testSubjectPrefix } from '@uehub/testing';
import { ActionCommands } from './actions/action-commands.service';
import { OverdueSweeper } from './actions/overdue-sweeper';
import { InspectionCommands } from './inspections/inspection-commands.service';
import { rebuildAndCompare, rebuildSafety } from './rebuild/rebuild-safety';
import { createSafetyApp, migrateSafety, safetyDatabase } from './safety.app';
import { VEHICLE_CHECK } from './safety.fixture';
import { MissedSweeper } from './schedules/missed-sweeper';
import { ScheduleCommands } from './schedules/schedule-commands.service';
import { TemplateCommands } from './templates/template-commands.service';

describe('rebuilding safety tables from events (PostgreSQL + NATS)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let config: ServiceConfig;
  let orm: MikroORM;
  let app: INestApplicationContext;
  let nc: NatsConnection;
  const prefix = testSubjectPrefix('safety_rebuild');

  beforeAll(async () => {
    database = await createTestDatabase('safety_rebuild');
    config = loadServiceConfig('safety', { DATABASE_URL: database.url, NATS_URL: testServers().natsUrl, NATS_SUBJECT_PREFIX: prefix });
    await migrateSafety(config);
    orm = await openServiceOrm({ ...safetyDatabase(config), poolMax: 4 });
    app = await createSafetyApp(config, { evidenceMaxBytes: 1024 * 1024, overdueSweepMs: 3_600_000, missedSweepMs: 3_600_000 });
    nc = await connectNats(testServers().natsUrl, 'safety-rebuild');
    const [inspector, manager, admin] = [
      await addReplicaUser(orm.em.fork(), nc, prefix, 'safety', { role: 'employee' }),
      await addReplicaUser(orm.em.fork(), nc, prefix, 'safety', { role: 'manager' }),
      await addReplicaUser(orm.em.fork(), nc, prefix, 'safety', { role: 'admin' }),
    ];
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
    // daily from 2 days and an hour ago: two occurrences ended with no inspection, the third is due now
    const schedules = app.get(ScheduleCommands);
    const startsAt = new Date(Date.now() - 49 * 3_600_000).toISOString();
    scheduleStart = startsAt;
    const schedule = await schedules.create({ templateId: template.id, site: 'Yard', assigneeId: inspector, rrule: 'FREQ=DAILY', startsAt }, as(manager, 'manager'));
    scheduleId = schedule.id;
    const deleted = await schedules.create({ templateId: template.id, site: 'Gone', assigneeId: inspector, rrule: 'FREQ=HOURLY', startsAt }, as(manager, 'manager'));
    await schedules.update(deleted.id, { windowMinutes: 30 }, undefined, as(manager, 'manager'));
    await schedules.remove(deleted.id, undefined, as(manager, 'manager'));
    // two replicas sweeping at once, then again: each ended occurrence is announced once
    const sweepers = [app.get(MissedSweeper), app.get(MissedSweeper)];
    missedSweeps = await Promise.all(sweepers.map((sweeper) => sweeper.sweep()));
    missedSweeps.push(await sweepers[0].sweep());
  });
  let overdueId = '';
  let scheduleId = '';
  let scheduleStart = '';
  let sweeps: number[] = [];
  let missedSweeps: number[] = [];

  it('should announce each missed occurrence once, with replicas sweeping at the same time and again later', async () => {
    const rows = await orm.em.fork().execute<{ stream_id: string; event_type: string; starts: string }[]>(
      `select stream_id, event_type, data->>'startsAt' as starts from safety.safety_events where stream_type = 'occurrence' and data->>'scheduleId' = ? order by starts`,
      [scheduleId],
    );
    expect(rows.map((r) => r.event_type)).toEqual(['safety.inspection.missed', 'safety.inspection.missed']);
    // DTSTART keeps whole seconds
    expect(rows.map((r) => (Date.parse(r.starts) - Math.floor(Date.parse(scheduleStart) / 1000) * 1000) / 3_600_000)).toEqual([0, 24]);
    expect(new Set(rows.map((r) => r.stream_id)).size).toBe(2);
    expect([missedSweeps[0] + missedSweeps[1], missedSweeps[2]]).toEqual([2, 0]);
  });

  it('should announce an overdue action once, however often the sweep runs', async () => {
    const rows = await orm.em.fork().execute<{ event_type: string }[]>(`select event_type from safety.safety_events where stream_id = ? order by stream_version`, [overdueId]);
    expect(rows.map((r) => r.event_type)).toEqual(['safety.action.opened', 'safety.action.overdue']);
    expect(sweeps.slice(-1)).toEqual([0]);
  });
  afterAll(async () => {
    await app.close();
    await orm.close(true);
    await deleteEventStream(nc, prefix);
    await drainNats(nc);
    await database.drop();
  });

  it('should reproduce the live tables exactly by folding the events through the pure evolve', async () => {
    expect(await rebuildAndCompare(orm.em.fork(), () => readUserEvents(nc, prefix))).toEqual({
      ok: true,
      events: expect.any(Number),
      tables: {
        template: { live: 1, rebuilt: 1, differing: 0 },
        inspection: { live: 1, rebuilt: 1, differing: 0 },
        action: { live: 4, rebuilt: 4, differing: 0 },
        schedule: { live: 2, rebuilt: 2, differing: 0 },
        occurrence: { live: 2, rebuilt: 2, differing: 0 },
        user_refs: { live: 3, rebuilt: 3, differing: 0, behind: 0 },
      },
    });
  });

  it('should name the difference when a live row was changed behind the events', async () => {
    await orm.em.fork().execute(`update safety.safety_actions set priority = 'low' where title = 'Spill'`);
    const report = await rebuildAndCompare(orm.em.fork(), () => readUserEvents(nc, prefix));
    expect([report.ok, report.tables.action.differing]).toEqual([false, 2]);
    await orm.em.fork().execute(`update safety.safety_actions set priority = 'critical' where title = 'Spill'`);
    expect((await rebuildSafety(config)).ok).toBe(true);
  });

  it("should name a user replica row changed behind auth's events", async () => {
    await orm.em.fork().execute(`update safety.safety_user_refs set role = 'superadmin' where role = 'employee'`);
    expect(await rebuildSafety(config)).toMatchObject({ ok: false, tables: { action: { differing: 0 }, user_refs: { differing: 2 } } });
    await orm.em.fork().execute(`update safety.safety_user_refs set role = 'employee' where role = 'superadmin'`);
    expect((await rebuildSafety(config)).ok).toBe(true);
  });
});
