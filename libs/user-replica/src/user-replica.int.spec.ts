import { jetstreamManager } from '@nats-io/jetstream';
import { MikroORM } from '@mikro-orm/postgresql';
import { EVENT_CONSUMERS, eventStreamName, principalSubject, type EventEnvelope, type EventPayloads, type RpcReply, type UserView } from '@uehub/contracts';
import { compareWithReplay, DeadLetters, storeTables } from '@uehub/event-store';
import { eventually, publishUserEvent, userSnapshot } from '@uehub/testing';
import { v7 as uuidv7 } from 'uuid';
import type { UserEventType } from './user-ref';
import { OPTIONS, openReplicaFixture, RecordingHook, type ReplicaFixture } from './user-replica.fixture';
import { readUserEvents, userReplicaTarget } from './user-replica.check';
import { UserReplicaHandler } from './user-replica.handler';

interface ReplicaRow {
  name: string;
  role: string;
  department: string | null;
  is_active: boolean;
  version: number;
}

const DURABLE = EVENT_CONSUMERS[OPTIONS.service][0];
const TABLE = 'timeclock.timeclock_user_refs';

describe('the user replica of a service (PostgreSQL + NATS)', () => {
  let f: ReplicaFixture;
  let orm: MikroORM;

  beforeAll(async () => {
    f = await openReplicaFixture('user_replica');
    orm = f.app.get(MikroORM);
  });
  afterAll(() => f.close());

  const publish = <T extends UserEventType>(type: T, userId: string, version: number, data: EventPayloads[T], subjectType?: string) =>
    publishUserEvent(f.nc, f.config.subjectPrefix, type, userId, version, data, subjectType);
  const replica = async (id: string): Promise<ReplicaRow | undefined> =>
    (await orm.em.fork().execute<ReplicaRow[]>(`select name, role, department, is_active, version from ${TABLE} where id = ?`, [id]))[0];
  const atVersion = (id: string, version: number) =>
    eventually(async () => {
      const row = await replica(id);
      return row && row.version >= version ? row : undefined;
    }, 15_000, `the replica at version ${version}`);
  const deadLetters = () => new DeadLetters(orm, storeTables(OPTIONS.service)).list({ consumer: DURABLE });
  const check = () => compareWithReplay(orm.em.fork(), [userReplicaTarget(OPTIONS, () => readUserEvents(f.nc, f.config.subjectPrefix))]);

  /** Answers `auth.users.get` as auth would, when the test says so. */
  function fakeAuth(snapshot: (id: string) => UserView) {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const asked: string[] = [];
    const sub = f.nc.subscribe(principalSubject(f.config.subjectPrefix, OPTIONS.service, 'auth.users.get'), {
      callback: (_error, msg) => {
        const { payload } = msg.json<{ payload: { id: string } }>();
        asked.push(payload.id);
        void released.then(() => msg.respond(JSON.stringify({ ok: true, data: snapshot(payload.id) } satisfies RpcReply<'auth.users.get'>)));
      },
    });
    return { asked, release, stop: () => sub.unsubscribe() };
  }
  const view = (id: string, version: number, fields: Partial<UserView>): UserView => ({
    id,
    ...userSnapshot(id, { name: 'Ada' }),
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    version,
    ...fields,
  });

  it('should apply every auth.user.* event type in turn, and hand each change to the service hooks', async () => {
    const id = uuidv7();
    // one step per event type; the map's type makes a new auth.user.* event fail to compile here
    const steps: { [T in UserEventType]: [EventPayloads[T], Omit<ReplicaRow, 'version'>] } = {
      'auth.user.created': [userSnapshot(id, { name: 'Ada', department: 'Field' }), { name: 'Ada', role: 'worker', department: 'Field', is_active: true }],
      'auth.user.updated': [{ phone: '+44 1234' }, { name: 'Ada', role: 'worker', department: 'Field', is_active: true }],
      'auth.user.role_changed': [{ from: 'worker', to: 'manager' }, { name: 'Ada', role: 'manager', department: 'Field', is_active: true }],
      'auth.user.deactivated': [{}, { name: 'Ada', role: 'manager', department: 'Field', is_active: false }],
      'auth.user.reactivated': [{}, { name: 'Ada', role: 'manager', department: 'Field', is_active: true }],
      'auth.user.password_changed': [{}, { name: 'Ada', role: 'manager', department: 'Field', is_active: true }],
    };
    let version = 0;
    for (const [type, [data, expected]] of Object.entries(steps) as [UserEventType, [never, Omit<ReplicaRow, 'version'>]][]) {
      await publish(type, id, ++version, data);
      expect(await atVersion(id, version)).toEqual({ ...expected, version });
    }
    // an update that names the name and the department
    await publish('auth.user.updated', id, ++version, { name: 'Ada Lovelace', department: 'Office' });
    expect(await atVersion(id, version)).toEqual({ name: 'Ada Lovelace', role: 'manager', department: 'Office', is_active: true, version });
    expect(await deadLetters()).toEqual([]);

    const changes = f.app.get(RecordingHook).changes.filter((c) => c.userId === id);
    expect(changes.map((c) => [c.event.type, c.before?.isActive, c.after.isActive])).toEqual([
      ['auth.user.created', undefined, true],
      ['auth.user.updated', true, true],
      ['auth.user.role_changed', true, true],
      ['auth.user.deactivated', true, false],
      ['auth.user.reactivated', false, true],
      ['auth.user.password_changed', true, true],
      ['auth.user.updated', true, true],
    ]);
  });

  it('should ask auth for a snapshot outside its transaction (no row lock while waiting) and hold the event while auth is down', async () => {
    const id = uuidv7();
    await publish('auth.user.created', id, 1, userSnapshot(id, { name: 'Bo' }));
    await atVersion(id, 1);

    // a gap (v2 not seen yet): the replica needs auth's snapshot, and auth is slow to answer
    const auth = fakeAuth((userId) => view(userId, 3, { name: 'Bo', role: 'manager' }));
    await publish('auth.user.role_changed', id, 3, { from: 'employee', to: 'manager' });
    await eventually(async () => (auth.asked.includes(id) ? true : undefined), 10_000, 'auth asked');
    const locked = await orm.em.fork().transactional((tx) => tx.execute(`select version from ${TABLE} where id = ? for update nowait`, [id]));
    expect(locked).toEqual([{ version: 1 }]); // nobody holds the row while auth thinks
    auth.release();
    expect(await atVersion(id, 3)).toEqual({ name: 'Bo', role: 'manager', department: null, is_active: true, version: 3 });
    auth.stop();

    // auth down: the event waits (no delivery used, no dead letter), and lands once auth answers
    const jsm = await jetstreamManager(f.nc);
    const redeliveredBefore = (await jsm.consumers.info(eventStreamName(f.config.subjectPrefix), DURABLE)).num_redelivered;
    await publish('auth.user.deactivated', id, 5, {});
    await new Promise((r) => setTimeout(r, 2500));
    expect(await replica(id)).toMatchObject({ version: 3 });
    expect((await jsm.consumers.info(eventStreamName(f.config.subjectPrefix), DURABLE)).num_redelivered).toBe(redeliveredBefore);
    const back = fakeAuth((userId) => view(userId, 5, { name: 'Bo', role: 'manager', isActive: false }));
    back.release();
    expect(await atVersion(id, 5)).toEqual({ name: 'Bo', role: 'manager', department: null, is_active: false, version: 5 });
    back.stop();
    expect(await deadLetters()).toEqual([]);
    // the hooks see the jump to auth's snapshot as one change: a service closes what the deactivation closes
    const last = f.app.get(RecordingHook).changes.filter((c) => c.userId === id).pop();
    expect(last).toMatchObject({ before: { isActive: true }, after: { isActive: false }, event: { stream: { version: 5 } } });
  });

  it('should not ask auth when the versions it lacks come in the same batch (a backlog replays without auth)', async () => {
    const id = uuidv7();
    await publish('auth.user.created', id, 1, userSnapshot(id));
    await atVersion(id, 1);
    const handler = f.app.get(UserReplicaHandler);
    const event = (version: number): EventEnvelope => ({
      id: uuidv7(),
      type: 'auth.user.deactivated',
      schemaVersion: 1,
      stream: { type: 'user', id, version },
      occurredAt: new Date().toISOString(),
      actor: { kind: 'system', id: 'auth' },
      correlationId: 'c',
      causationId: 'c',
      data: {},
    });
    const [v2, v3] = [event(2), event(3)];
    expect(await handler.prepare(v3, [v2, v3])).toBeUndefined(); // nobody answers for auth here: asking would fail
    await expect(handler.prepare(v3, [v3])).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('should refuse a forged event whose subject and type disagree: never applied, dead-lettered with the reason', async () => {
    const id = uuidv7();
    await publish('auth.user.created', id, 1, userSnapshot(id, { name: 'Cy' }));
    await atVersion(id, 1);
    await publish('auth.user.role_changed', id, 2, { from: 'worker', to: 'superadmin' }, 'auth.user.reactivated');
    const [letter] = await eventually(async () => {
      const letters = await deadLetters();
      return letters.length > 0 ? letters : undefined;
    }, 15_000, 'the forged event dead-lettered');
    expect(letter.error).toBe(
      `event refused: subject "${f.config.subjectPrefix}.events.auth.user.reactivated" does not carry event type "auth.user.role_changed"`,
    );
    expect(await replica(id)).toEqual({ name: 'Cy', role: 'worker', department: null, is_active: true, version: 1 });
  });

  describe('the rebuild check (auth.user.* from the stream folded with evolveUserRef, compared with the live rows)', () => {
    it('should find the replica as the events make it, and a user still on its way behind, not different', async () => {
      const report = await check();
      expect(report).toMatchObject({ ok: true, tables: { user_refs: { differing: 0, behind: 0 } } });
      expect(report.tables.user_refs.live).toBe(report.tables.user_refs.rebuilt);
      expect(report.events).toBe(12); // every event published above but the forged one, which the replica refused too

      const late = uuidv7();
      await publish('auth.user.created', late, 1, userSnapshot(late));
      await publish('auth.user.role_changed', late, 2, { from: 'worker', to: 'employee' });
      await atVersion(late, 2);
      await orm.em.fork().execute(`update ${TABLE} set version = 1, role = 'worker' where id = ?`, [late]); // the replica one event behind
      expect(await check()).toMatchObject({ ok: true, tables: { user_refs: { differing: 0, behind: 1 } } });
      await orm.em.fork().execute(`update ${TABLE} set version = 2, role = 'employee' where id = ?`, [late]);
    });

    it('should name a replica row changed behind the events, and one no event explains', async () => {
      const [row] = await orm.em.fork().execute<{ id: string }[]>(`select id from ${TABLE} where is_active limit 1`);
      await orm.em.fork().execute(`update ${TABLE} set role = 'superadmin' where id = ?`, [row.id]);
      expect(await check()).toMatchObject({ ok: false, tables: { user_refs: { differing: 2 } } }); // the live row and its rebuilt twin
      await orm.em.fork().execute(`update ${TABLE} set department = 'Nowhere' where id = ?`, [row.id]);
      const unexplained = uuidv7();
      await orm.em.fork().execute(`insert into ${TABLE} (id, email, name, role, is_active, version) values (?, 'x@x.test', 'X', 'worker', true, 1)`, [unexplained]);
      const report = await check();
      expect(report.tables.user_refs).toMatchObject({ differing: 3 });
      expect(report.tables.user_refs.live - report.tables.user_refs.rebuilt).toBe(1);
    });
  });
});
