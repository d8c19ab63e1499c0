import type { ServiceConfig } from '@uehub/service-host';
import { createServiceRoles, createTestDatabase, testServers, testSubjectPrefix, type TestServiceRoles } from '@uehub/testing';
import { Client } from 'pg';
import { migrateAudit } from './audit.app';
import { AUDIT_CHECKPOINTS, AUDIT_RECORDS } from './audit-tables';

const HASH = 'a'.repeat(64);
const GENESIS = '0'.repeat(64);

describe('audit runtime role: append and read, nothing else (PostgreSQL)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let roles: TestServiceRoles;
  let runtime: Client;
  const notices: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('audit_privileges');
    roles = await createServiceRoles(database.url, 'audit');
    const config: ServiceConfig = {
      service: 'audit',
      subjectPrefix: testSubjectPrefix('audit_privileges'),
      natsUrl: testServers().natsUrl,
      // the service's URLs carry the runtime role; migrations run as the owner
      database: { pooledUrl: roles.runtimeUrl, directUrl: roles.runtimeUrl, migrationUrl: roles.ownerUrl, schema: 'audit' },
      production: false,
    };
    await migrateAudit(config);
    runtime = new Client({ connectionString: roles.runtimeUrl });
    await runtime.connect();
    runtime.on('notice', (notice) => notices.push(notice.message ?? ''));
  });

  afterAll(async () => {
    await runtime?.end();
    await database?.drop();
    await roles?.drop();
  });

  /** The SQLSTATE a statement fails with as the runtime role (undefined when it succeeds). */
  const refusal = (sql: string) => runtime.query(sql).then(
    () => undefined,
    (error: { code?: string }) => error.code,
  );

  it('should let the runtime role insert and read an audit record', async () => {
    await runtime.query(
      `insert into ${AUDIT_RECORDS} (event_id, event_type, schema_version, service, entity_type, entity_id, actor_id, occurred_at,
         correlation_id, causation_id, data, stream_version, jetstream_seq, prev_hash, hash)
       values (gen_random_uuid(), 'inventory.item.created', 1, 'inventory', 'item', gen_random_uuid(), 'u1', now(), 'c', 'c', '{}', 1, 1, $1, $2)`,
      [GENESIS, HASH],
    );
    const { rows } = await runtime.query(`select count(*)::int as n from ${AUDIT_RECORDS}`);
    expect(rows[0].n).toBe(1);
  });

  it('should refuse UPDATE, DELETE and TRUNCATE of the audit log as a privilege, not only by trigger', async () => {
    // 42501 insufficient_privilege from the permission check (the append-only trigger would say "append-only")
    await expect(refusal(`update ${AUDIT_RECORDS} set actor_id = 'forged'`)).resolves.toBe('42501');
    await expect(refusal(`delete from ${AUDIT_RECORDS}`)).resolves.toBe('42501');
    await expect(refusal(`truncate ${AUDIT_RECORDS}`)).resolves.toBe('42501');
    await expect(refusal(`update ${AUDIT_CHECKPOINTS} set signature = 'x'`)).resolves.toBe('42501');
    const denied = await runtime.query(`update ${AUDIT_RECORDS} set actor_id = 'forged'`).catch((error: Error) => error.message);
    expect(denied).toMatch(/permission denied for table audit_records/);
  });

  it('should refuse dropping or disabling the append-only trigger (the role owns nothing)', async () => {
    await expect(refusal(`drop trigger audit_records_no_update_delete on ${AUDIT_RECORDS}`)).resolves.toBe('42501');
    await expect(refusal(`alter table ${AUDIT_RECORDS} disable trigger all`)).resolves.toBe('42501');
    await expect(refusal(`drop table ${AUDIT_RECORDS}`)).resolves.toBe('42501');
    const { rows } = await runtime.query(`select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'audit' and pg_get_userbyid(c.relowner) = current_user`);
    expect(rows[0].n).toBe(0);
  });

  it('should grant nothing when the runtime role grants itself UPDATE', async () => {
    // PostgreSQL answers a GRANT without grant option with a warning and grants nothing
    notices.length = 0;
    await runtime.query(`grant update, delete, truncate on ${AUDIT_RECORDS} to current_user`).catch(() => undefined);
    expect(notices.join(' ')).toMatch(/no privileges were granted/);
    const { rows } = await runtime.query(
      `select has_table_privilege(current_user, '${AUDIT_RECORDS}', 'UPDATE') as upd, has_table_privilege(current_user, '${AUDIT_RECORDS}', 'DELETE') as del,
              has_table_privilege(current_user, '${AUDIT_RECORDS}', 'TRUNCATE') as trunc`,
    );
    expect(rows[0]).toEqual({ upd: false, del: false, trunc: false });
    await expect(refusal(`update ${AUDIT_RECORDS} set actor_id = 'forged'`)).resolves.toBe('42501');
    await expect(refusal(`grant update on ${AUDIT_RECORDS} to public`)).resolves.toBeUndefined(); // warning only...
    await expect(refusal(`update ${AUDIT_RECORDS} set actor_id = 'forged'`)).resolves.toBe('42501'); // ...and still refused
  });
});
