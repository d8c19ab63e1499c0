import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { eventStreamName } from '@uehub/contracts';
import { drainNats, type NatsConnection } from '@uehub/messaging';
import { eventually } from '@uehub/testing';
import { readUserEvents } from '@uehub/user-replica';
import { v7 as uuidv7 } from 'uuid';
import { apiClient, login, type Api } from './support/http-client';
import { PASSWORD } from './support/people';
import { startSystem, type RunningSystem } from './support/system';

/**
 * Issue 6.1: every process connects as itself and NATS allows it only its own subjects.
 * The whole system runs on the repository's configuration (`renderNatsServerConfig`);
 * here a client holding inventory's credentials tries what inventory must not do.
 */
describe("the bus under the repository's NATS configuration", () => {
  let system: RunningSystem;
  let api: Api;
  let superToken: string;
  let inventory: NatsConnection;

  beforeAll(async () => {
    system = await startSystem('e2e_nats_perm');
    api = apiClient(system.baseUrl);
    superToken = await login(api, system.admin.email, system.admin.password);
    inventory = await system.connectNats('inventory');
  });
  afterAll(async () => {
    if (inventory) await drainNats(inventory);
    await system.stop();
  });

  /** What NATS says about an operation: refused for permissions, or what else happened. */
  const outcome = (work: Promise<unknown>) =>
    work.then(
      () => 'done',
      (error: Error) => (/permissions violation/i.test(error.message) ? 'refused' : `${error.name}: ${error.message}`),
    );
  const lastSequence = async () => (await (await jetstreamManager(inventory)).streams.info(eventStreamName(system.prefix))).state.last_seq;

  it('should refuse a connection without credentials or with a wrong password', async () => {
    const anonymous = connect({ servers: system.natsUrl, reconnect: false });
    await expect(anonymous).rejects.toThrow(/authorization violation/i);
    const guessed = connect({ servers: system.natsUrl, reconnect: false, user: 'inventory', pass: 'inventory' });
    await expect(guessed).rejects.toThrow(/authorization violation/i);
  });

  it("should not let inventory publish auth's events", async () => {
    const forgedId = uuidv7();
    const envelope = {
      id: uuidv7(),
      type: 'auth.user.created',
      schemaVersion: 1,
      stream: { type: 'user', id: forgedId, version: 1 },
      occurredAt: new Date().toISOString(),
      actor: { kind: 'system', id: 'auth' },
      correlationId: uuidv7(),
      causationId: uuidv7(),
      data: { email: 'mallory@example.com', name: 'Mallory', role: 'superadmin', isActive: true, phone: null, department: null, notes: null },
    };
    const before = await lastSequence();
    const subject = `${system.prefix}.events.auth.user.created`;
    expect(await outcome(jetstream(inventory).publish(subject, JSON.stringify(envelope), { msgID: envelope.id, timeout: 2000 }))).toBe('refused');
    inventory.publish(subject, JSON.stringify(envelope));
    await inventory.flush();
    expect(await lastSequence()).toBe(before);

    // a later real event reaches the audit log; the forged one never does
    const marker = await api('POST', '/api/v1/users', {
      token: superToken,
      body: { email: 'marker@example.com', password: PASSWORD, name: 'Marker', role: 'worker' },
    });
    const audited = (entityId: string) =>
      api('GET', `/api/v1/audit/events?entityId=${entityId}`, { token: superToken }).then((r) => r.body.items);
    await eventually(async () => ((await audited(marker.body.id)).length > 0 ? true : undefined), 15_000, 'the marker in the audit log');
    expect(await audited(forgedId)).toEqual([]);
  });

  it('should not let inventory request auth.users.update, on the gateway subject or its own', async () => {
    const message = JSON.stringify({ payload: { id: uuidv7(), patch: { role: 'superadmin' } } });
    expect(await outcome(inventory.request(`${system.prefix}.rpc.auth.users.update`, message, { timeout: 2000 }))).toBe('refused');
    expect(await outcome(inventory.request(`${system.prefix}.svc.inventory.auth.users.update`, message, { timeout: 2000 }))).toBe('refused');
    // what the table lists for inventory does go through: the refusals above are permissions, not a dead link
    const get = await inventory.request(`${system.prefix}.svc.inventory.auth.users.get`, JSON.stringify({ payload: { id: uuidv7() } }), { timeout: 5000 });
    expect(get.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it("should not let inventory listen to login requests or to the gateway's replies", async () => {
    const heard: string[] = [];
    const listen = (subject: string) => {
      const sub = inventory.subscribe(subject, {
        callback: (error, msg) => {
          if (!error) heard.push(msg.subject);
        },
      });
      return outcome(sub.closed.then((error) => (error ? Promise.reject(error) : undefined)));
    };
    const logins = listen(`${system.prefix}.rpc.auth.login`);
    const replies = listen(`_INBOX.${system.prefix}.gateway.>`);
    expect(await logins).toBe('refused');
    expect(await replies).toBe('refused');
    await login(api, system.admin.email, system.admin.password);
    expect(heard).toEqual([]);
  });

  it("should not let the gateway's credentials publish events or pull from a service's durable consumer", async () => {
    const gateway = await system.connectNats('gateway');
    try {
      const stream = eventStreamName(system.prefix);
      expect(await outcome(gateway.request(`$JS.API.CONSUMER.MSG.NEXT.${stream}.audit`, JSON.stringify({ batch: 1 }), { timeout: 2000 }))).toBe('refused');
      expect(await outcome(jetstream(gateway).publish(`${system.prefix}.events.auth.user.deactivated`, '{}', { timeout: 2000 }))).toBe('refused');
    } finally {
      await drainNats(gateway);
    }
  });

  it("should let inventory replay auth's user events (its rebuild check) but not pull from another service's durable", async () => {
    const events = await readUserEvents(inventory, system.prefix);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.type.startsWith('auth.user.'))).toBe(true);
    const stream = eventStreamName(system.prefix);
    expect(await outcome(inventory.request(`$JS.API.CONSUMER.MSG.NEXT.${stream}.timeclock-user-refs`, JSON.stringify({ batch: 1 }), { timeout: 2000 }))).toBe('refused');
  });

  it("should have refused only this test's client: the services' own work needs nothing more than they are granted", async () => {
    const violations = await system.natsViolations();
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.filter((line) => !/test-as-(inventory|gateway)/.test(line))).toEqual([]);
  });
});
