import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { exportArchive, pagedExportContent, writeExportDirectory } from '@uehub/audit-verify';
import { auditExportQuerySchema } from '@uehub/contracts';
import { openServiceOrm } from '@uehub/database';
import { parseOrThrow } from '@uehub/errors';
import type { ServiceConfig } from '@uehub/service-host';
import { v7 as uuidv7 } from 'uuid';
import { AuditReadLog } from '../audit-read-log';
import { AuditRecordHandler } from '../audit-record.handler';
import { checkpointSettingsOf } from '../checkpoints/checkpoint-settings';
import { AuditExporter } from './audit-exporter';
import { recordExport } from './audit-export.service';

const USAGE = 'Usage: audit:export --out <directory | file.tar> [--from <ISO time>] [--to <ISO time>] [--type <prefix>] [--format ndjson|csv]';

/** Reads `--out`, `--from`, `--to`, `--type`, `--format`. */
export function exportArguments(args: string[]): { out: string; query: Record<string, string> } {
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i];
    const value = args[i + 1];
    if (!['--out', '--from', '--to', '--type', '--format'].includes(flag) || value === undefined) throw new Error(`${USAGE} (${flag} is not valid here)`);
    values[flag.slice(2)] = value;
  }
  const { out, ...query } = values;
  if (!out) throw new Error(`${USAGE} (--out is required)`);
  return { out, query };
}

/**
 * `main.js audit:export`: a signed export written to a directory, or to a tar archive when
 * `--out` ends in `.tar`, cut from the database in pages. The export is itself an audit
 * record (actor `system` `audit-cli`); the running service's next checkpoint covers it.
 */
export async function exportCommand(config: ServiceConfig, args: string[]): Promise<{ ok: true; exportId: string; out: string; records: number }> {
  const { out, query } = exportArguments(args);
  const parsed = parseOrThrow(auditExportQuerySchema, query, 'export arguments');
  const settings = checkpointSettingsOf(config);
  const orm = await openServiceOrm({ service: config.service, target: config.database, entities: [], migrations: [] });
  try {
    const exporter = new AuditExporter(() => orm.em.fork(), settings.keys);
    const { rows, ...prepared } = await exporter.prepare(parsed);
    const content = pagedExportContent(prepared, (file, after) => exporter.page({ plan: prepared.plan, file, after }));
    const target = resolve(out);
    if (target.endsWith('.tar')) await pipeline(exportArchive(content), createWriteStream(target, { flags: 'wx' }));
    else await writeExportDirectory(target, content);
    // no checkpointer runs in this process: the record is counted by the service's next timed checkpoint
    const readLog = new AuditReadLog(orm, new AuditRecordHandler({ noteRecords: () => undefined }));
    await recordExport(readLog, { actor: { kind: 'system', id: 'audit-cli' }, correlationId: uuidv7() }, prepared, rows);
    return { ok: true, exportId: prepared.exportId, out: target, records: rows };
  } finally {
    await orm.close(true);
  }
}
