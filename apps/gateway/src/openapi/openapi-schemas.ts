import { ERROR_STATUS, ROLES } from '@uehub/contracts';
import { inventoryResponseSchemas } from './openapi-inventory-schemas';
import { timeclockResponseSchemas } from './openapi-timeclock-schemas';

type Schema = Record<string, unknown>;

const str = { type: 'string' };
const nullableStr = { type: ['string', 'null'] };
const dateTime = { type: 'string', format: 'date-time' };

/** Response shapes (requests come from the shared zod schemas). */
export const responseSchemas: Record<string, Schema> = {
  User: {
    type: 'object',
    required: ['id', 'email', 'name', 'role', 'isActive', 'phone', 'department', 'notes', 'createdAt', 'updatedAt', 'version'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      email: { type: 'string', format: 'email' },
      name: str,
      role: { type: 'string', enum: [...ROLES] },
      isActive: { type: 'boolean' },
      phone: nullableStr,
      department: nullableStr,
      notes: nullableStr,
      createdAt: dateTime,
      updatedAt: dateTime,
      version: { type: 'integer', minimum: 1 },
    },
  },
  TokenPair: {
    type: 'object',
    required: ['accessToken', 'refreshToken', 'tokenType', 'expiresIn'],
    properties: { accessToken: str, refreshToken: str, tokenType: { const: 'Bearer' }, expiresIn: { type: 'integer' } },
  },
  AuditItem: {
    type: 'object',
    required: ['id', 'type', 'service', 'entityType', 'entityId', 'actorId', 'actorRole', 'actorName', 'requestId', 'clientIp', 'userAgent', 'occurredAt', 'recordedAt', 'correlationId', 'causationId', 'changes', 'data', 'chain'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      type: str,
      service: str,
      entityType: str,
      entityId: { type: 'string', format: 'uuid' },
      actorId: str,
      actorRole: nullableStr,
      actorName: nullableStr,
      requestId: nullableStr,
      clientIp: nullableStr,
      userAgent: nullableStr,
      occurredAt: dateTime,
      recordedAt: dateTime,
      correlationId: str,
      causationId: str,
      changes: { type: ['object', 'null'], description: 'Field name to its from/to values', additionalProperties: { type: 'object', required: ['from', 'to'], properties: { from: {}, to: {} } } },
      data: {},
      chain: {
        type: 'object',
        description: "The record's place in the hash chain",
        required: ['seq', 'prevHash', 'hash'],
        properties: { seq: { type: 'integer', minimum: 1 }, prevHash: str, hash: str },
      },
    },
  },
  ...inventoryResponseSchemas,
  ...timeclockResponseSchemas,
  DeadLetter: {
    type: 'object',
    required: ['id', 'consumer', 'eventId', 'subject', 'payload', 'error', 'attempts', 'createdAt', 'retriedAt', 'resolvedAt'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      consumer: str,
      eventId: { type: ['string', 'null'], format: 'uuid' },
      subject: str,
      payload: str,
      error: str,
      attempts: { type: 'integer' },
      createdAt: dateTime,
      retriedAt: { type: ['string', 'null'], format: 'date-time' },
      resolvedAt: { type: ['string', 'null'], format: 'date-time' },
    },
  },
  Readiness: {
    type: 'object',
    required: ['ready', 'services'],
    properties: {
      ready: { type: 'boolean' },
      services: {
        type: 'array',
        items: {
          type: 'object',
          required: ['service', 'ready', 'checks'],
          properties: {
            service: str,
            ready: { type: 'boolean' },
            checks: { type: 'object', description: 'Check name to its outcome', additionalProperties: { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' }, detail: str } } },
            drift: { type: 'object', required: ['outOfBandChanges'], properties: { outOfBandChanges: { type: 'integer' } }, description: 'Out-of-band changes to its projections since the last clean rebuild check (absent for a service without them)' },
          },
        },
      },
    },
  },
  Problem: {
    type: 'object',
    required: ['type', 'title', 'status', 'code', 'detail'],
    properties: {
      type: str,
      title: str,
      status: { type: 'integer' },
      code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
      detail: str,
      instance: str,
      requestId: str,
      errors: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: str, message: str } } },
    },
  },
};

export function pageOf(ref: string): Schema {
  return {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: { $ref: ref } }, nextCursor: nullableStr },
  };
}
