/** Every role a user can hold; the database check constraint lists the same values. */
export const ROLES = ['superadmin', 'admin', 'manager', 'employee', 'worker', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may manage people (create, change, deactivate users). */
export const ADMIN_ROLES: readonly Role[] = ['superadmin', 'admin'];
/** Roles that may read the staff directory and run operations. */
export const MANAGER_ROLES: readonly Role[] = ['superadmin', 'admin', 'manager'];
/** Roles that may move stock (employee and up). */
export const EMPLOYEE_ROLES: readonly Role[] = ['superadmin', 'admin', 'manager', 'employee'];
/** Roles that may read the audit log. */
export const AUDIT_READER_ROLES: readonly Role[] = ['superadmin', 'admin', 'auditor'];
/** Roles that only a superadmin may grant. */
export const PRIVILEGED_ROLES: readonly Role[] = ['superadmin', 'admin'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
