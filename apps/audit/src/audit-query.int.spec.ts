import { rpcSubject, type Actor, type EventEnvelope, type RequestContext, type RpcReply } from '@uehub/contracts';
import { v7 as uuidv7 } from 'uuid';
import { contextOf, openAuditFixture, testEnvelope, userActor, type AuditFixture } from './audit.fixture';

type QueryReply = RpcReply<'audit.events.query'>;

describe('audit query (PostgreSQL + NATS)', () => {
  let f: AuditFixture;
  const admin = userActor('admin');
  const employee = userActor('employee');
  const auditor = contextOf(userActor('auditor'));
  const [user1, session1, item1] = [uuidv7(), uuidv7(), uuidv7()];
  const [corr1, corr2, corr3] = [uuidv7(), uuidv7(), uuidv7()];
  const at = (day: number) => `2026-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;
  const event = (type: string, actor: Actor, stream: EventEnvelope['stream'], correlationId: string, day: number) =>
    testEnvelope({ type, actor, stream, correlationId, occurredAt: at(day) });
  // in publication order, which is also the order of the log
  const events = [
    event('auth.user.created', admin, { type: 'user', id: user1, version: 1 }, corr1, 10),
    {
      ...event('auth.user.updated', admin, { type: 'user', id: user1, version: 2 }, corr1, 11),
      changes: { name: { from: 'A', to: 'B' } },
      requestId: 'req-11',
      client: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (audit test)' },
    },
    event('auth.session.login_succeeded', employee, { type: 'session', id: session1, version: 1 }, corr2, 12),
    event('inventory.item.created', employee, { type: 'item', id: item1, version: 1 }, corr3, 13),
    event('inventory.item.adjusted', { kind: 'system', id: 'job' }, { type: 'item', id: item1, version: 2 }, corr3, 14),
    event('auth.user_settings.changed', admin, { type: 'user', id: user1, version: 3 }, corr1, 15),
    event('auth.userxsettings.changed', admin, { type: 'user', id: user1, version: 4 }, corr1, 16),
  ];
  const newestFirst = (...indexes: number[]) => indexes.sort((a, b) => b - a).map((i) => events[i].id);

  beforeAll(async () => {
    f = await openAuditFixture('audit_query');
    for (const envelope of events) await f.publish(envelope);
    await f.settled();
  });
  afterAll(() => f?.close());

  /** Sends a raw request (any payload; `null` context for an anonymous call). */
  async function ask(payload: object, context: (RequestContext & { token?: string }) | null = auditor): Promise<QueryReply> {
    const message = { auth: context?.token ? { token: context.token } : undefined, context: context ?? undefined, payload };
    const reply = await f.nc.request(rpcSubject(f.config.subjectPrefix, 'audit.events.query'), JSON.stringify(message), {
      timeout: 5000,
    });
    return reply.json<QueryReply>();
  }
  async function ids(payload: object): Promise<string[]> {
    const reply = await ask(payload);
    if (!reply.ok) throw new Error(`query failed: ${JSON.stringify(reply.error)}`);
    return reply.data.items.map((item) => item.id);
  }

  it('should list every record newest first with its fields', async () => {
    const page = await f.rpc.call('audit.events.query', { limit: 50 }, auditor);
    expect(page.items.map((i) => i.id)).toEqual(newestFirst(0, 1, 2, 3, 4, 5, 6));
    expect(page.nextCursor).toBeNull();
    expect(page.items.find((i) => i.id === events[1].id)).toEqual({
      id: events[1].id,
      type: 'auth.user.updated',
      service: 'auth',
      entityType: 'user',
      entityId: user1,
      actorId: admin.id,
      actorRole: 'admin',
      actorName: 'Test admin',
      requestId: 'req-11',
      clientIp: '203.0.113.7',
      userAgent: 'Mozilla/5.0 (audit test)',
      occurredAt: at(11),
      recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      correlationId: corr1,
      causationId: events[1].causationId,
      changes: { name: { from: 'A', to: 'B' } },
      data: {},
      chain: { seq: expect.any(Number), prevHash: expect.stringMatching(/^[0-9a-f]{64}$/), hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    // each record's prevHash is the hash of the one before it (newest first: the next item)
    const [newest, older] = page.items;
    expect(newest.chain.seq).toBe(older.chain.seq + 1);
    expect(newest.chain.prevHash).toBe(older.chain.hash);
  });

  it('should filter by type prefix on whole segments', async () => {
    expect(await ids({ type: 'auth.user' })).toEqual(newestFirst(0, 1));
    expect(await ids({ type: 'auth.user.created' })).toEqual(newestFirst(0));
    expect(await ids({ type: 'auth.user_settings' })).toEqual(newestFirst(5));
    expect(await ids({ type: 'auth' })).toEqual(newestFirst(0, 1, 2, 5, 6));
    expect(await ids({ type: 'auth.us' })).toEqual([]);
  });

  it('should filter by service, entity, actor, correlation and time range', async () => {
    expect(await ids({ service: 'inventory' })).toEqual(newestFirst(3, 4));
    expect(await ids({ entityType: 'item', entityId: item1 })).toEqual(newestFirst(3, 4));
    expect(await ids({ actorId: employee.id })).toEqual(newestFirst(2, 3));
    expect(await ids({ actorId: 'job' })).toEqual(newestFirst(4));
    expect(await ids({ correlationId: corr2 })).toEqual(newestFirst(2));
    expect(await ids({ from: at(11), to: at(13) })).toEqual(newestFirst(1, 2));
    // to: the reads of this test are audit records too, dated now
    expect(await ids({ from: '2026-01-13T01:00:00+02:00', to: at(20) })).toEqual(newestFirst(3, 4, 5, 6));
    expect(await ids({ service: 'auth', actorId: admin.id, to: at(15) })).toEqual(newestFirst(0, 1));
  });

  it('should page with an opaque cursor until the end', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await f.rpc.call('audit.events.query', { limit: 2, to: at(20), ...(cursor ? { cursor } : {}) }, auditor);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      pages += 1;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual(newestFirst(0, 1, 2, 3, 4, 5, 6));
    const first = await f.rpc.call('audit.events.query', { type: 'auth', limit: 3 }, auditor);
    const rest = await ids({ type: 'auth', limit: 3, cursor: first.nextCursor });
    expect([...first.items.map((i) => i.id), ...rest]).toEqual(newestFirst(0, 1, 2, 5, 6));
  });

  it.each([
    ['a malformed cursor', { cursor: 'not a cursor!' }, 'cursor'],
    ['a cursor this service did not issue', { cursor: Buffer.from('{"s":"x"}').toString('base64url') }, 'cursor'],
    ['a date that is not ISO 8601', { from: 'yesterday' }, 'from'],
    ['a range that ends before it starts', { from: at(12), to: at(11) }, 'from'],
    ['a limit above 200', { limit: 201 }, 'limit'],
    ['an entity id that is not a uuid', { entityId: '42' }, 'entityId'],
    ['an unknown filter', { actor: 'x' }, '(root)'],
  ])('should refuse %s with VALIDATION_FAILED', async (_, payload, path) => {
    const reply = await ask(payload);
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', status: 400 } });
    if (!reply.ok) expect(reply.error.errors?.map((e) => e.path)).toContain(path);
  });

  it('should let only auditors, admins and superadmins read', async () => {
    for (const role of ['manager', 'employee', 'worker'] as const) {
      await expect(f.rpc.call('audit.events.query', { limit: 1 }, contextOf(userActor(role)))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    // an actor the message claims carries no token: anonymous, refused as every service refuses it (the caller guard)
    await expect(f.rpc.call('audit.events.query', { limit: 1 }, contextOf({ kind: 'system', id: 'x' }))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(await ask({ limit: 1 }, null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    // authorization comes before validation: nothing about the request leaks to a non-reader
    expect(await ask({ cursor: '!' }, contextOf(userActor('worker')))).toMatchObject({ error: { code: 'FORBIDDEN' } });
    for (const role of ['admin', 'superadmin'] as const) {
      expect((await f.rpc.call('audit.events.query', { limit: 1 }, contextOf(userActor(role)))).items).toHaveLength(1);
    }
  });

  it('should have taken each event in a single delivery (no redelivery while a batch was in flight)', async () => {
    expect(await f.delivered()).toEqual({ consumerSeq: events.length, streamSeq: events.length });
  });

  it('should report readiness', async () => {
    const health = await f.rpc.call('audit.health', {});
    expect(health).toMatchObject({ service: 'audit', ready: true, checks: { database: { ok: true }, tables: { ok: true }, nats: { ok: true } } });
  });
});
