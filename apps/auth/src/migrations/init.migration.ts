import { Migration } from '@mikro-orm/migrations';
import { eventStoreDdl, storeTables } from '@uehub/event-store';
import { ROLES } from '@uehub/contracts';

/** Auth's first schema: event store, the user projection, credentials, sessions and signing keys. */
export class AuthInitMigration extends Migration {
  override up(): void {
    for (const sql of eventStoreDdl(storeTables('auth'))) this.addSql(sql);
    const roles = ROLES.map((r) => `'${r}'`).join(', ');
    this.addSql(`create table if not exists auth.auth_user (
      id uuid primary key,
      email text not null,
      name text not null,
      role text not null constraint auth_user_role_check check (role in (${roles})),
      is_active boolean not null default true,
      phone varchar(20),
      department varchar(100),
      notes text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      version integer not null
    )`);
    this.addSql('create unique index if not exists auth_user_email_unique on auth.auth_user (lower(email))');
    this.addSql('create index if not exists auth_user_role_idx on auth.auth_user (role)');
    this.addSql('create index if not exists auth_user_is_active_idx on auth.auth_user (is_active)');
    this.addSql(`create table if not exists auth.auth_credentials (
      user_id uuid primary key references auth.auth_user (id),
      password_hash text not null,
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create table if not exists auth.auth_login_guard (
      email text primary key,
      failed_count integer not null default 0,
      locked_until timestamptz,
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create table if not exists auth.auth_refresh_tokens (
      id uuid primary key,
      family_id uuid not null,
      user_id uuid not null references auth.auth_user (id),
      token_hash text not null unique,
      expires_at timestamptz not null,
      used_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz not null default now()
    )`);
    this.addSql('create index if not exists auth_refresh_tokens_family_idx on auth.auth_refresh_tokens (family_id)');
    this.addSql(`create table if not exists auth.auth_signing_keys (
      kid text primary key,
      private_jwk jsonb not null,
      public_jwk jsonb not null,
      created_at timestamptz not null default now(),
      retired_at timestamptz
    )`);
  }
}
