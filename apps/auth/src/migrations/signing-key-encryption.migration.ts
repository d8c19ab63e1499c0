import { Migration } from '@mikro-orm/migrations';

/**
 * Private signing keys are stored sealed (AES-256-GCM) in `private_key_enc`. Rows written in the
 * clear by earlier versions are sealed by the auth process at start (it holds the key-encryption
 * key, this migration does not), which then empties `private_jwk`.
 */
export class AuthSigningKeyEncryptionMigration extends Migration {
  override up(): void {
    this.addSql('alter table auth.auth_signing_keys add column if not exists private_key_enc text');
    this.addSql('alter table auth.auth_signing_keys alter column private_jwk drop not null');
    this.addSql('create index if not exists auth_signing_keys_created_idx on auth.auth_signing_keys (created_at)');
  }
}
