import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  eventStreamName,
  eventSubject,
  principalSubject,
  type EventEnvelope,
  type EventPayloads,
  type EventType,
  type RpcReply,
  type UserView,
} from '@uehub/contracts';
import { DeadLetters, storeTables } from '@uehub/event-store';
import { connectNats, drainNats, type NatsConnection } from '@uehub/messaging';
import { eventually, testServers } from '@uehub/testing';
import { v7 as uuidv7 } from 'uuid';
import { openInventoryFixture, type InventoryFixture } from '../inventory.fixture';
import { UserReplicaHandler } from './user-replica.handler';

type UserEventType = Extract<EventType, `auth.user.${string}`>;
interface ReplicaRow {
  name: string;
  role: string;
  is_active: boolean;
  version: number;
}

const DURABLE = 'inventory-user-refs';

describe('inventory user replica (PostgreSQL + NATS)', () => {
  let f: InventoryFixture;
  let nc: NatsConnection;
  let orm: MikroORM;

  beforeAll(async () => {
    f = await openInventoryFixture('user_replica', { withService: true });
    orm = f.app!.get(MikroORM);
    nc = await connectNats(testServers().natsUrl, 'user-replica-test');
  });
  afterAll(async () => {
    await drainNats(nc);
    await f.close();
  });

  function publish<T extends UserEventType>(type: T, userId: string, version: number, data: EventPayloads[T], subjectType: string = type): Promise<unknown> {
    const envelope: EventEnvelope = {
      id: uuidv7(),
      type,
      schemaVersion: 1,
      stream: { type: 'user', id: userId, version },
      occurredAt: new Date().toISOString(),
      actor: { kind: 'system', id: 'auth' },
      correlationId: 'c',
      causationId: 'c',
      data,
    };
    return jetstream(nc).publish(eventSubject(f.config.subjectPrefix, subjectType), JSON.stringify(envelope), { msgID: envelope.id });
  }

  const replica = async (id: string): Promise<ReplicaRow | undefined> =>
    (await orm.em.fork().execute<ReplicaRow[]>('select name, role, is_active, version from inventory.inventory_user_refs where id = ?', [id]))[0];
  const atVersion = (id: string, version: number) =>
    eventually(async () => {
      const row = await replica(id);
      return row && row.version >= version ? row : undefined;
    }, 15_000, `the replica at version ${version}`);
  const deadLetters = () => new DeadLetters(orm, storeTables('inventory')).list({ consumer: DURABLE });

  /** Answers `auth.users.get` as auth would, when the test says so. */
  function fakeAuth(snapshot: (id: string) => UserView) {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const asked: string[] = [];
    const sub = nc.subscribe(principalSubject(f.config.subjectPrefix, 'inventory', 'auth.users.get'), {
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
    email: `${id}@example.com`,
    name: 'Ada',
    role: 'worker',
    isActive: true,
    phone: null,
    department: null,
    notes: null,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    version,
    ...fields,
  });

  it('should apply every auth.user.* event type in turn', async () => {
    const id = uuidv7();
    // one step per event type; the map's type makes a new auth.user.* event fail to compile here
    const steps: { [T in UserEventType]: [EventPayloads[T], Omit<ReplicaRow, 'version'>] } = {
      'auth.user.created': [
        { email: 'ada@example.com', name: 'Ada', role: 'worker', isActive: true, phone: null, department: null, notes: null },
        { name: 'Ada', role: 'worker', is_active: true },
      ],
      'auth.user.updated': [{ phone: '+44 1234' }, { name: 'Ada', role: 'worker', is_active: true }],
      'auth.user.role_changed': [{ from: 'worker', to: 'manager' }, { name: 'Ada', role: 'manager', is_active: true }],
      'auth.user.deactivated': [{}, { name: 'Ada', role: 'manager', is_active: false }],
      'auth.user.reactivated': [{}, { name: 'Ada', role: 'manager', is_active: true }],
      'auth.user.password_changed': [{}, { name: 'Ada', role: 'manager', is_active: true }],
    };
    let version = 0;
    for (const [type, [data, expected]] of Object.entries(steps) as [UserEventType, [never, Omit<ReplicaRow, 'version'>]][]) {
      await publish(type, id, ++version, data);
      expect(await atVersion(id, version)).toEqual({ ...expected, version });
    }
    await publish('auth.user.updated', id, ++version, { name: 'Ada Lovelace' }); // an update that does name the name
    expect(await atVersion(id, version)).toEqual({ name: 'Ada Lovelace', role: 'manager', is_active: true, version });
    expect(await deadLetters()).toEqual([]);
  });

  it('should ask auth for a snapshot outside its transaction (no row lock while waiting) and hold the event while auth is down', async () => {
    const id = uuidv7();
    await publish('auth.user.created', id, 1, { email: 'b@example.com', name: 'Bo', role: 'worker', isActive: true, phone: null, department: null, notes: null });
    await atVersion(id, 1);

    // a gap (v2 not seen yet): the replica needs auth's snapshot, and auth is slow to answer
    const auth = fakeAuth((userId) => view(userId, 3, { name: 'Bo', role: 'manager' }));
    await publish('auth.user.role_changed', id, 3, { from: 'employee', to: 'manager' });
    await eventually(async () => (auth.asked.includes(id) ? true : undefined), 10_000, 'auth asked');
    const locked = await orm.em
      .fork()
      .transactional((tx) => tx.execute('select version from inventory.inventory_user_refs where id = ? for update nowait', [id]));
    expect(locked).toEqual([{ version: 1 }]); // nobody holds the row while auth thinks
    auth.release();
    expect(await atVersion(id, 3)).toEqual({ name: 'Bo', role: 'manager', is_active: true, version: 3 });
    auth.stop();

    // auth down: the event waits (no delivery used, no dead letter), and lands once auth answers
    const jsm = await jetstreamManager(nc);
    const redeliveredBefore = (await jsm.consumers.info(eventStreamName(f.config.subjectPrefix), DURABLE)).num_redelivered;
    await publish('auth.user.deactivated', id, 5, {});
    await new Promise((r) => setTimeout(r, 2500));
    expect(await replica(id)).toMatchObject({ version: 3 });
    expect((await jsm.consumers.info(eventStreamName(f.config.subjectPrefix), DURABLE)).num_redelivered).toBe(redeliveredBefore);
    const back = fakeAuth((userId) => view(userId, 5, { name: 'Bo', role: 'manager', isActive: false }));
    back.release();
    expect(await atVersion(id, 5)).toEqual({ name: 'Bo', role: 'manager', is_active: false, version: 5 });
    back.stop();
    expect(await deadLetters()).toEqual([]);
  });

  it('should not ask auth when the versions it lacks come in the same batch (a backlog replays without auth)', async () => {
    const id = uuidv7();
    await publish('auth.user.created', id, 1, { email: 'd@example.com', name: 'Di', role: 'worker', isActive: true, phone: null, department: null, notes: null });
    await atVersion(id, 1);
    const handler = f.app!.get(UserReplicaHandler);
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
    await publish('auth.user.created', id, 1, { email: 'c@example.com', name: 'Cy', role: 'worker', isActive: true, phone: null, department: null, notes: null });
    await atVersion(id, 1);
    await publish('auth.user.role_changed', id, 2, { from: 'worker', to: 'superadmin' }, 'auth.user.reactivated');
    const [letter] = await eventually(async () => {
      const letters = await deadLetters();
      return letters.length > 0 ? letters : undefined;
    }, 15_000, 'the forged event dead-lettered');
    expect(letter.error).toBe(
      `event refused: subject "${f.config.subjectPrefix}.events.auth.user.reactivated" does not carry event type "auth.user.role_changed"`,
    );
    expect(await replica(id)).toEqual({ name: 'Cy', role: 'worker', is_active: true, version: 1 });
  });
});
