import { openServiceOrm } from '@uehub/database';
import { connectNatsWhenUp, drainNats, inboxPrefixOf } from '@uehub/messaging';
import type { ServiceConfig } from '@uehub/service-host';
import { checkpointSettingsOf } from '../checkpoints/checkpoint-settings';
import { FileCheckpointSink, StreamCheckpointSink, type CheckpointSink } from '../checkpoints/checkpoint-sinks';
import { publicKeyFromRaw } from '../checkpoints/signing-keys';
import { reconcileCommand } from '../reconciliation/reconcile-command';
import type { ReconcileResult } from '../reconciliation/reconcile';
import { verifyAuditLog, type AuditVerification } from './audit-verifier';

/** Reads `--from N` and `--to N` (record sequence numbers). */
export function rangeArguments(args: string[]): { fromSeq?: number; toSeq?: number } {
  const value = (flag: string) => {
    const index = args.indexOf(flag);
    if (index < 0) return undefined;
    const text = args[index + 1];
    if (!text || !/^[1-9]\d{0,15}$/.test(text)) throw new Error(`Usage: audit:verify [--from <seq>] [--to <seq>] (${flag} needs a whole number from 1)`);
    return Number(text);
  };
  return { fromSeq: value('--from'), toSeq: value('--to') };
}

/**
 * `main.js audit:verify`: recomputes the chain and checks the signed checkpoints with the
 * configured public keys, against the copies in the checkpoint directory and stream, then
 * reconciles the audit log with every service's event store (`--grace <seconds>` as for
 * `audit:reconcile`; `--no-reconcile` leaves it out). Exits with 1 when something does not match.
 */
export async function verifyCommand(config: ServiceConfig, args: string[]): Promise<AuditVerification & { reconciliation?: ReconcileResult }> {
  const verdict = await verifyChainCommand(config, args);
  if (args.includes('--no-reconcile')) return verdict;
  const reconciliation = await reconcileCommand(config, args);
  return { ...verdict, ok: verdict.ok && reconciliation.ok, reconciliation };
}

async function verifyChainCommand(config: ServiceConfig, args: string[]): Promise<AuditVerification> {
  const range = rangeArguments(args);
  const settings = checkpointSettingsOf(config);
  const orm = await openServiceOrm({ service: config.service, target: config.database, entities: [], migrations: [] });
  // with audit's own credentials: a server that refuses anonymous clients (production) refused the check
  const auth = { auth: config.natsAuth, inboxPrefix: inboxPrefixOf(config.subjectPrefix, 'audit') };
  const nc = settings.stream ? await connectNatsWhenUp(config.natsUrl, 'uehub-audit-verify', config.startupTimeoutMs, auth) : undefined;
  try {
    const copies: CheckpointSink[] = [];
    if (settings.dir) copies.push(new FileCheckpointSink(settings.dir));
    if (nc) copies.push(new StreamCheckpointSink(nc, config.subjectPrefix));
    const keys = new Map(settings.keys.publicKeys.map((key) => [key.kid, publicKeyFromRaw(key.x)]));
    return await verifyAuditLog(orm.em.fork(), { keys, copies, ...range });
  } finally {
    if (nc) await drainNats(nc);
    await orm.close(true);
  }
}
