import type { RequestContext } from '@uehub/contracts';
import { assertActorRole, requireCaller } from './app-error';

const as = (actor: RequestContext['actor']): RequestContext => ({ actor, correlationId: 'c' });
const inventory = as({ kind: 'system', id: 'inventory' });

describe('caller checks', () => {
  it('should let a signed-in user through and refuse anonymous or missing callers', () => {
    const user = as({ kind: 'user', id: 'u1', role: 'worker' });
    expect(requireCaller(user)).toBe(user);
    expect(() => requireCaller(undefined)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
    expect(() => requireCaller(as({ kind: 'anonymous', id: 'anonymous' }))).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });

  describe('when the caller is a service principal', () => {
    it('should refuse it unless the handler names it', () => {
      expect(() => requireCaller(inventory)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
      expect(() => requireCaller(inventory, { principals: ['audit'] })).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
      expect(requireCaller(inventory, { principals: ['inventory'] })).toBe(inventory);
    });

    it('should never pass a role check', () => {
      expect(() => assertActorRole(inventory.actor, ['superadmin', 'admin'], 'manage users')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
      expect(() => assertActorRole({ kind: 'user', id: 'u', role: 'admin' }, ['admin'], 'x')).not.toThrow();
    });
  });
});
