import { Migration } from '@mikro-orm/migrations';
import { eventStoreDdl, storeTables } from '@uehub/event-store';

const OPEN = `status in ('open', 'in_progress')`;

/**
 * Safety's schema: event store, user replica, and one row per stream (columns the lists filter
 * and sort on, plus `state`: the folded state `evolve` computed, which views are built from).
 */
export class SafetyInitMigration extends Migration {
  override up(): void {
    for (const sql of eventStoreDdl(storeTables('safety'))) this.addSql(sql);
    this.addSql(`create table if not exists safety.safety_user_refs (
      id uuid primary key, email text, name text, role text, is_active boolean not null,
      version integer not null, updated_at timestamptz not null default now()
    )`);
    this.addSql(`create table if not exists safety.safety_templates (
      id uuid primary key,
      name text not null,
      category text not null,
      status text not null constraint safety_templates_status_check check (status in ('draft', 'published', 'archived')),
      latest_version integer not null,
      published_version integer,
      state jsonb not null,
      version integer not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`);
    this.addSql('create index if not exists safety_templates_status_idx on safety.safety_templates (status, id)');
    this.addSql(`create table if not exists safety.safety_checklists (
      id uuid primary key,
      template_id uuid not null constraint safety_checklists_template_fkey references safety.safety_templates (id),
      template_version integer not null,
      site text not null,
      asset_id uuid,
      inspector_id uuid not null,
      status text not null constraint safety_checklists_status_check check (status in ('in_progress', 'completed')),
      result text constraint safety_checklists_result_check check (result in ('pass', 'fail')),
      score numeric(4, 1),
      completed_at timestamptz,
      state jsonb not null,
      version integer not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint safety_checklists_completed_check check ((status = 'completed') = (completed_at is not null and result is not null))
    )`);
    this.addSql('create index if not exists safety_checklists_site_date_idx on safety.safety_checklists (site, created_at desc, id desc)');
    this.addSql('create index if not exists safety_checklists_date_idx on safety.safety_checklists (created_at desc, id desc)');
    this.addSql('create index if not exists safety_checklists_template_idx on safety.safety_checklists (template_id, created_at desc)');
    this.addSql('create index if not exists safety_checklists_inspector_idx on safety.safety_checklists (inspector_id, created_at desc)');
    this.addSql(`create table if not exists safety.safety_actions (
      id uuid primary key,
      source text not null constraint safety_actions_source_check check (source in ('inspection', 'manual')),
      inspection_id uuid constraint safety_actions_inspection_fkey references safety.safety_checklists (id),
      item_id text,
      title text not null,
      priority text not null constraint safety_actions_priority_check check (priority in ('low', 'medium', 'high', 'critical')),
      assignee_id uuid,
      due_at timestamptz not null,
      status text not null constraint safety_actions_status_check check (status in ('open', 'in_progress', 'resolved', 'verified', 'cancelled')),
      state jsonb not null,
      version integer not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint safety_actions_source_item_check check ((source = 'inspection') = (inspection_id is not null and item_id is not null))
    )`);
    // the assignee's open actions, soonest due first; and every open action past its due date
    this.addSql(`create index if not exists safety_actions_open_assignee_idx on safety.safety_actions (assignee_id, due_at, id) where ${OPEN}`);
    this.addSql(`create index if not exists safety_actions_open_due_idx on safety.safety_actions (due_at, id) where ${OPEN}`);
    this.addSql('create index if not exists safety_actions_created_idx on safety.safety_actions (created_at desc, id desc)');
    // one automatic action per failed item of an inspection
    this.addSql(
      `create unique index if not exists safety_actions_inspection_item_unique on safety.safety_actions (inspection_id, item_id) where source = 'inspection'`,
    );
  }
}
