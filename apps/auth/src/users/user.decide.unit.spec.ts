import type { Actor, RequestContext, UserSnapshot } from '@uehub/contracts';
import type { NewEvent } from '@uehub/event-store';
import { deciderSpecification } from '@uehub/testing';
import { userDecider } from './user.decide';

const spec = deciderSpecification(userDecider);
const as = (actor: Actor): RequestContext => ({ actor, correlationId: 'spec' });
const superadmin = as({ kind: 'user', id: 'sa', role: 'superadmin' });
const admin = as({ kind: 'user', id: 'ad', role: 'admin' });
const manager = as({ kind: 'user', id: 'mg', role: 'manager' });

const worker: UserSnapshot = {
  email: 'w@example.com',
  name: 'Wanda Worker',
  role: 'worker',
  isActive: true,
  phone: null,
  department: null,
  notes: null,
};

const created: NewEvent = { type: 'auth.user.created', data: worker };
const deactivated: NewEvent = { type: 'auth.user.deactivated', data: {}, changes: { isActive: { from: true, to: false } } };

describe('user rules', () => {
  describe('when creating', () => {
    it('should let an admin create a worker', () => {
      spec.given().when({ kind: 'create', user: worker }, admin).then([created]);
    });
    it('should let only a superadmin create an admin', () => {
      const newAdmin = { kind: 'create', user: { ...worker, role: 'admin' } } as const;
      spec.given().when(newAdmin, admin).thenThrows('FORBIDDEN');
      spec.given().when(newAdmin, superadmin).then([{ type: 'auth.user.created', data: { ...worker, role: 'admin' } }]);
    });
    it('should refuse a manager', () => {
      spec.given().when({ kind: 'create', user: worker }, manager).thenThrows('FORBIDDEN');
    });
    it('should refuse an existing stream', () => {
      spec.given(created).when({ kind: 'create', user: worker }, admin).thenThrows('ALREADY_EXISTS');
    });
  });

  describe('when updating', () => {
    it('should record only the fields that change, with before and after', () => {
      spec
        .given(created)
        .when({ kind: 'update', patch: { name: 'Wanda W.', notes: null } }, admin)
        .then([{ type: 'auth.user.updated', data: { name: 'Wanda W.' }, changes: { name: { from: 'Wanda Worker', to: 'Wanda W.' } } }]);
    });
    it('should emit role_changed for a role change', () => {
      spec
        .given(created)
        .when({ kind: 'update', patch: { role: 'employee' } }, admin)
        .then([{ type: 'auth.user.role_changed', data: { from: 'worker', to: 'employee' }, changes: { role: { from: 'worker', to: 'employee' } } }]);
    });
    it('should refuse an admin promoting to admin', () => {
      spec.given(created).when({ kind: 'update', patch: { role: 'admin' } }, admin).thenThrows('FORBIDDEN');
    });
    it('should emit nothing when nothing changes', () => {
      spec.given(created).when({ kind: 'update', patch: { name: worker.name } }, admin).then([]);
    });
    it('should refuse an unknown user', () => {
      spec.given().when({ kind: 'update', patch: { name: 'x' } }, admin).thenThrows('NOT_FOUND');
    });
  });

  describe('when deactivating and reactivating', () => {
    it('should deactivate once and refuse a second time', () => {
      spec.given(created).when({ kind: 'deactivate', userId: 'u1' }, admin).then([deactivated]);
      spec.given(created, deactivated).when({ kind: 'deactivate', userId: 'u1' }, admin).thenThrows('RULE_VIOLATED');
    });
    it('should refuse deactivating yourself', () => {
      spec.given(created).when({ kind: 'deactivate', userId: 'ad' }, admin).thenThrows('RULE_VIOLATED');
    });
    it('should reactivate only an inactive user', () => {
      spec.given(created).when({ kind: 'reactivate' }, admin).thenThrows('RULE_VIOLATED');
      spec
        .given(created, deactivated)
        .when({ kind: 'reactivate' }, admin)
        .then([{ type: 'auth.user.reactivated', data: {}, changes: { isActive: { from: false, to: true } } }]);
    });
  });
});

describe('password rules', () => {
  const self = as({ kind: 'user', id: 'me', role: 'worker' });
  it('should let a user change their own password, and nobody else', () => {
    spec.given(created).when({ kind: 'change_password', userId: 'me' }, self).then([{ type: 'auth.user.password_changed', data: {} }]);
    spec.given(created).when({ kind: 'change_password', userId: 'me' }, admin).thenThrows('FORBIDDEN');
  });
  it('should refuse a deactivated user', () => {
    spec.given(created, deactivated).when({ kind: 'change_password', userId: 'me' }, self).thenThrows('RULE_VIOLATED');
  });
});
