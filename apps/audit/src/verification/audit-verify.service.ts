import { Injectable } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Checkpointer } from '../checkpoints/checkpointer.service';
import { publicKeyFromRaw, type AuditPublicKey } from '../checkpoints/signing-keys';
import { verifyAuditLog, type AuditVerification } from './audit-verifier';

/** Verification with the service's own public keys and checkpoint copies. */
@Injectable()
export class AuditVerifyService {
  constructor(
    private readonly orm: MikroORM,
    private readonly checkpointer: Checkpointer,
  ) {}

  publicKeys(): AuditPublicKey[] {
    return this.checkpointer.settings.keys.publicKeys;
  }

  keyMap(): Map<string, KeyObject> {
    return new Map(this.publicKeys().map((key) => [key.kid, publicKeyFromRaw(key.x)]));
  }

  /** `em`: another connection's view (a test's transaction). */
  verify(range: { fromSeq?: number; toSeq?: number } = {}, em: EntityManager = this.orm.em.fork()): Promise<AuditVerification> {
    return verifyAuditLog(em, { keys: this.keyMap(), copies: this.checkpointer.sinks, ...range });
  }
}
