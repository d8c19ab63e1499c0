import type { Actor, UserSnapshot } from '@uehub/contracts';
import type { NewEvent } from '@uehub/event-store';
import { decideUser, evolveUser, type UserCommand, type UserState } from './user.decide';

const superadmin: Actor = { kind: 'user', id: 'sa', role: 'superadmin' };
const admin: Actor = { kind: 'user', id: 'ad', role: 'admin' };
const manager: Actor = { kind: 'user', id: 'mg', role: 'manager' };

const worker: UserSnapshot = {
  email: 'w@example.com',
  name: 'Wanda Worker',
  role: 'worker',
  isActive: true,
  phone: null,
  department: null,
  notes: null,
};

/** given(events).when(command, actor) → events or the error code. */
function given(...history: NewEvent[]) {
  const state = history.reduce<UserState>(evolveUser, null);
  return {
    when: (command: UserCommand, actor: Actor) => {
      try {
        return { events: decideUser(command, state, actor) };
      } catch (error) {
        return { error: (error as { code?: string }).code };
      }
    },
  };
}

const created: NewEvent = { type: 'auth.user.created', data: worker };

describe('user rules', () => {
  describe('when creating', () => {
    it('should let an admin create a worker', () => {
      expect(given().when({ kind: 'create', user: worker }, admin).events).toEqual([created]);
    });
    it('should let only a superadmin create an admin', () => {
      const newAdmin = { kind: 'create', user: { ...worker, role: 'admin' } } as const;
      expect(given().when(newAdmin, admin).error).toBe('FORBIDDEN');
      expect(given().when(newAdmin, superadmin).events).toHaveLength(1);
    });
    it('should refuse a manager', () => {
      expect(given().when({ kind: 'create', user: worker }, manager).error).toBe('FORBIDDEN');
    });
    it('should refuse an existing stream', () => {
      expect(given(created).when({ kind: 'create', user: worker }, admin).error).toBe('ALREADY_EXISTS');
    });
  });

  describe('when updating', () => {
    it('should record only the fields that change, with before and after', () => {
      const { events } = given(created).when({ kind: 'update', patch: { name: 'Wanda W.', notes: null } }, admin);
      expect(events).toEqual([
        { type: 'auth.user.updated', data: { name: 'Wanda W.' }, changes: { name: { from: 'Wanda Worker', to: 'Wanda W.' } } },
      ]);
    });
    it('should emit role_changed for a role change', () => {
      const { events } = given(created).when({ kind: 'update', patch: { role: 'employee' } }, admin);
      expect(events?.map((e) => e.type)).toEqual(['auth.user.role_changed']);
    });
    it('should refuse an admin promoting to admin', () => {
      expect(given(created).when({ kind: 'update', patch: { role: 'admin' } }, admin).error).toBe('FORBIDDEN');
    });
    it('should emit nothing when nothing changes', () => {
      expect(given(created).when({ kind: 'update', patch: { name: worker.name } }, admin).events).toEqual([]);
    });
    it('should refuse an unknown user', () => {
      expect(given().when({ kind: 'update', patch: { name: 'x' } }, admin).error).toBe('NOT_FOUND');
    });
  });

  describe('when deactivating and reactivating', () => {
    const deactivated: NewEvent = { type: 'auth.user.deactivated', data: {}, changes: { isActive: { from: true, to: false } } };
    it('should deactivate once and refuse a second time', () => {
      expect(given(created).when({ kind: 'deactivate', userId: 'u1' }, admin).events).toEqual([deactivated]);
      expect(given(created, deactivated).when({ kind: 'deactivate', userId: 'u1' }, admin).error).toBe('RULE_VIOLATED');
    });
    it('should refuse deactivating yourself', () => {
      expect(given(created).when({ kind: 'deactivate', userId: 'ad' }, admin).error).toBe('RULE_VIOLATED');
    });
    it('should reactivate only an inactive user', () => {
      expect(given(created).when({ kind: 'reactivate' }, admin).error).toBe('RULE_VIOLATED');
      expect(given(created, deactivated).when({ kind: 'reactivate' }, admin).events?.[0].type).toBe('auth.user.reactivated');
    });
  });
});

describe('password rules', () => {
  const created: NewEvent = { type: 'auth.user.created', data: { ...worker } };
  const self: Actor = { kind: 'user', id: 'me', role: 'worker' };
  it('should let a user change their own password, and nobody else', () => {
    expect(given(created).when({ kind: 'change_password', userId: 'me' }, self).events).toEqual([
      { type: 'auth.user.password_changed', data: {} },
    ]);
    expect(given(created).when({ kind: 'change_password', userId: 'me' }, admin).error).toBe('FORBIDDEN');
  });
});
