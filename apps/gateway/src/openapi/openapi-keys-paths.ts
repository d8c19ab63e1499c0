import { rotateKeysSchema } from '@uehub/contracts';
import { body, ERRORS, json, op, type Paths } from './openapi-helpers';

const keyView = {
  type: 'object',
  required: ['kid', 'createdAt', 'retiredAt', 'current', 'publicJwk'],
  properties: {
    kid: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    retiredAt: { type: ['string', 'null'], format: 'date-time', description: 'Set once every token it signed has expired' },
    current: { type: 'boolean', description: 'Signs new tokens now' },
    publicJwk: { type: 'object', required: ['kty'], properties: { kty: { type: 'string' }, kid: { type: 'string' }, crv: { type: 'string' }, x: { type: 'string' }, alg: { type: 'string' }, use: { type: 'string' } } },
  },
};

/** Signing-key operations (superadmin). */
export function signingKeyPaths(): Paths {
  return {
    '/api/v1/ops/signing-keys': {
      get: op('Token-signing keys, newest first (retired ones too, as history)', 'superadmin', { 200: { description: 'Keys', content: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: keyView } } }) }, ...ERRORS }),
    },
    '/api/v1/ops/signing-keys/rotate': {
      post: op('Make a new signing key current; tokens of the previous key stay valid until they expire, then it is retired (at once with `retirePrevious`, for a leaked key)', 'superadmin', { 201: { description: 'The new key id and the keys retired now', content: json({ type: 'object', required: ['kid', 'retired'], properties: { kid: { type: 'string' }, retired: { type: 'array', items: { type: 'string' } } } }) }, ...ERRORS }, { requestBody: { ...body(rotateKeysSchema), required: false } }),
    },
  };
}
