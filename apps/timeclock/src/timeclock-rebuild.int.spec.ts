import type { RequestContext } from '@uehub/contracts';
import { readUserEvents } from '@uehub/user-replica';
import { rebuildAndCompare, rebuildTimeclock } from './rebuild/rebuild-projections';
import { ShiftCommands } from './shifts/shift-commands.service';
import { ShiftRequests } from './shifts/shift-requests.service';
import { openTimeclockFixture, type TimeclockFixture } from './timeclock.fixture';
import { Timesheets } from './timesheets/timesheet.service';

const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

describe('rebuilding timeclock projections from events (PostgreSQL + NATS)', () => {
  let f: TimeclockFixture;
  let worker: string;

  beforeAll(async () => {
    f = await openTimeclockFixture('tc_rebuild', { withService: true });
    const commands = f.app!.get(ShiftCommands);
    const sheets = f.app!.get(Timesheets);
    const manager: RequestContext = { actor: { kind: 'user', id: await f.addUser(), role: 'manager' }, correlationId: 'rebuild-test' };
    worker = await f.addUser();
    const as = (id: string): RequestContext => ({ actor: { kind: 'user', id, role: 'worker' }, correlationId: 'rebuild-test' });
    const w = as(worker);
    const first = await commands.clockIn({ occurredAt: ago(30), location: 'Site 1', geo: { lat: 1, lon: 2, accuracyM: 3 } }, w);
    await commands.startBreak({ occurredAt: ago(28), paid: true }, w);
    await commands.endBreak({ occurredAt: ago(27.5) }, w);
    await commands.startBreak({ occurredAt: ago(27) }, w);
    await commands.clockOut({ occurredAt: ago(25), note: 'done' }, w);
    await commands.correct(first.id, { startedAt: ago(31), reason: 'gate reader down' }, undefined, manager);
    const requests = f.app!.get(ShiftRequests);
    await requests.addNote(first.id, { text: 'left early' }, w);
    const asked = await requests.requestCorrection(first.id, { endedAt: ago(24), reason: 'locked up' }, w);
    await requests.requestCorrection(first.id, { startedAt: ago(32), reason: 'earlier still' }, w);
    await commands.correct(first.id, { endedAt: ago(24.5), reason: 'half of it', requestId: asked.id }, undefined, manager);
    await commands.clockIn({ occurredAt: ago(5), punchId: '0190f0a0-0000-7000-8000-0000000000aa' }, w);
    await commands.clockOut({}, w);
    const other = await f.addUser();
    await commands.clockIn({}, as(other));
    const week = mondayOf(ago(31));
    await sheets.decide('submit', worker, week, undefined, w);
    await sheets.decide('reject', worker, week, 'short', manager);
  });
  afterAll(() => f.close());
  const userEvents = () => readUserEvents(f.nc, f.config.subjectPrefix);

  it('should reproduce the live tables exactly from the events', async () => {
    const report = await rebuildAndCompare(f.orm.em.fork(), userEvents);
    expect(report).toEqual({
      ok: true,
      events: 19, // 16 of timeclock's, 3 user creations of auth's
      tables: {
        shifts: { live: 3, rebuilt: 3, differing: 0 },
        correctionRequests: { live: 2, rebuilt: 2, differing: 0 },
        timesheets: { live: 1, rebuilt: 1, differing: 0 },
        user_refs: { live: 3, rebuilt: 3, differing: 0, behind: 0 },
      },
    });
  });

  it('should agree with an independent path: start and end folded in SQL alone from the event payloads', async () => {
    // not evolveShift and not the projector: the last word on each time, straight from the events (a request's times are not a correction)
    const differing = await f.orm.em.fork().execute<{ id: string }[]>(
      `with t as (
         select stream_id,
                (array_agg(coalesce(data->>'startedAt', case when event_type = 'timeclock.shift.started' then data->>'at' end) order by stream_version desc)
                   filter (where event_type = 'timeclock.shift.corrected' and data ? 'startedAt' or event_type = 'timeclock.shift.started'))[1]::timestamptz as started_at,
                (array_agg(coalesce(data->>'endedAt', data->>'at') order by stream_version desc)
                   filter (where event_type = 'timeclock.shift.corrected' and data ? 'endedAt' or event_type = 'timeclock.shift.ended'))[1]::timestamptz as ended_at
           from timeclock.timeclock_events where stream_type = 'shift' group by stream_id)
       select s.id from timeclock.timeclock_shifts s full join t on t.stream_id = s.id
        where s.id is null or t.stream_id is null or s.started_at is distinct from t.started_at or s.ended_at is distinct from t.ended_at`,
    );
    expect(differing).toEqual([]);
  });

  it('should name the difference when a live row (a shift, a request) was changed behind the events', async () => {
    await f.orm.em.fork().execute(`update timeclock.timeclock_shifts set note = 'edited in SQL' where user_id = ? and note = 'done'`, [worker]);
    await f.orm.em.fork().execute(`update timeclock.timeclock_correction_requests set status = 'accepted' where status = 'pending'`);
    const report = await rebuildAndCompare(f.orm.em.fork(), userEvents);
    expect(report).toMatchObject({ ok: false, tables: { shifts: { differing: 2 }, correctionRequests: { differing: 2 } } });
    await f.orm.em.fork().execute(`update timeclock.timeclock_shifts set note = 'done' where note = 'edited in SQL'`);
    await f.orm.em.fork().execute(`update timeclock.timeclock_correction_requests set status = 'pending' where resolved_at is null`);
    expect((await rebuildTimeclock(f.config)).ok).toBe(true);
  });

  it("should name a user replica row changed behind auth's events (the department the hours report groups by)", async () => {
    await f.orm.em.fork().execute(`update timeclock.timeclock_user_refs set department = 'Moved in SQL' where id = ?`, [worker]);
    expect(await rebuildTimeclock(f.config)).toMatchObject({ ok: false, tables: { shifts: { differing: 0 }, user_refs: { differing: 2 } } });
    await f.orm.em.fork().execute(`update timeclock.timeclock_user_refs set department = null where id = ?`, [worker]);
    expect((await rebuildTimeclock(f.config)).ok).toBe(true);
  });
});

/** The Monday (UTC, the default settings) of the week an instant falls in. */
function mondayOf(instant: string): string {
  const d = new Date(instant);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}
