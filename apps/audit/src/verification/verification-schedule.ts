import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { createLogger, metrics } from '@uehub/observability';
import { v7 as uuidv7 } from 'uuid';
import { AUDIT_OPTIONS, type AuditOptions } from '../audit-options';
import { AuditReadLog } from '../audit-read-log';
import { AuditVerifyService } from './audit-verify.service';
import { verifyIntervalOf } from './verify-settings';

const LABELS = { service: 'audit' };

/**
 * Verifies the whole log on a schedule and exposes the verdict as Prometheus metrics
 * (`uehub_audit_verification_ok` 1/0, the time of the last run, runs by outcome), so an
 * alert fires when a record or checkpoint stops matching. The first run is one interval
 * after start. A run is an audit record (`audit.log.verified`, actor `system`
 * `audit-scheduler`) when its outcome differs from the run before: the first run and every
 * flip, not every quiet repeat.
 */
@Injectable()
export class VerificationSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly intervalMs: number;
  private readonly log = createLogger('audit');
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private lastOk?: boolean;

  constructor(
    private readonly verifier: AuditVerifyService,
    private readonly readLog: AuditReadLog,
    @Inject(AUDIT_OPTIONS) options: AuditOptions,
  ) {
    this.intervalMs = options.verifyIntervalMs ?? verifyIntervalOf();
  }

  onApplicationBootstrap(): void {
    if (this.intervalMs === 0) return;
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.runOnce());
    }, this.intervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One verification: sets the metrics, records a change of outcome. Never throws. */
  async runOnce(): Promise<void> {
    let ok = false;
    try {
      const verdict = await this.verifier.verify();
      ok = verdict.ok;
      metrics.auditVerifications.inc({ ...LABELS, outcome: ok ? 'ok' : 'finding' });
      if (!ok) this.log.error({ finding: verdict.finding }, 'scheduled audit verification found a record or checkpoint that does not match');
      if (this.lastOk !== ok) {
        await this.readLog.record('audit.log.verified', { actor: { kind: 'system', id: 'audit-scheduler' }, correlationId: uuidv7() }, {
          scheduled: true,
          ok,
          records: verdict.records,
          problem: verdict.finding?.problem ?? null,
        });
      }
    } catch (error) {
      metrics.auditVerifications.inc({ ...LABELS, outcome: 'error' });
      this.log.warn({ err: (error as Error).message }, 'scheduled audit verification could not run');
    }
    this.lastOk = ok;
    metrics.auditVerificationOk.set(LABELS, ok ? 1 : 0);
    metrics.auditVerificationLastRun.set(LABELS, Date.now() / 1000);
  }
}
