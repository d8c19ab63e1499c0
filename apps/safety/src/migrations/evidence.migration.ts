import { Migration } from '@mikro-orm/migrations';

/** Photos stored once by SHA-256, and the parts of uploads on their way in (pruned after an hour). */
export class SafetyEvidenceMigration extends Migration {
  override up(): void {
    this.addSql(`create table if not exists safety.safety_evidence (
      sha256 text primary key constraint safety_evidence_sha256_check check (sha256 ~ '^[0-9a-f]{64}$'),
      content_type text not null constraint safety_evidence_type_check check (content_type in ('image/jpeg', 'image/png', 'image/webp')),
      size integer not null constraint safety_evidence_size_check check (size = octet_length(bytes)),
      bytes bytea not null,
      created_at timestamptz not null default now()
    )`);
    this.addSql(`create table if not exists safety.safety_evidence_parts (
      upload_id uuid not null,
      caller_id text not null,
      idx integer not null,
      data bytea not null,
      created_at timestamptz not null default now(),
      primary key (upload_id, idx)
    )`);
    this.addSql('create index if not exists safety_evidence_parts_created_idx on safety.safety_evidence_parts (created_at)');
  }
}
