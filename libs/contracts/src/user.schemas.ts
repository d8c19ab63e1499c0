import { z } from 'zod';
import { newPasswordSchema } from './password-policy';
import { ROLES } from './roles';
import type { CreateUserInput, ListUsersQuery, UpdateUserInput } from './users';
import { cursorSchema, limitSchema } from './pagination';
import { optionalSafeText, safeText } from './safe-text';

/** Request schemas shared by the gateway (validation, OpenAPI) and auth (defence in depth). */
const email = z.email().max(254).transform((value) => value.trim().toLowerCase());
const name = safeText(200, 1);
const optionalText = optionalSafeText;

export const roleSchema = z.enum(ROLES);

export const createUserSchema = z.strictObject({
  email,
  password: newPasswordSchema,
  name,
  role: roleSchema,
  phone: optionalText(20),
  department: optionalText(100),
  notes: optionalText(5000),
}) satisfies z.ZodType<CreateUserInput>;

export const updateUserSchema = z
  .strictObject({
    name: name.optional(),
    role: roleSchema.optional(),
    phone: optionalText(20),
    department: optionalText(100),
    notes: optionalText(5000),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'give at least one field to change') satisfies z.ZodType<UpdateUserInput>;

export const listUsersQuerySchema = z.strictObject({
  role: roleSchema.optional(),
  active: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .or(z.boolean())
    .optional(),
  q: safeText(200, 1).optional(),
  cursor: cursorSchema.optional(),
  limit: limitSchema,
}) satisfies z.ZodType<ListUsersQuery, unknown>;

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: newPasswordSchema,
});

export const loginSchema = z.strictObject({ email, password: z.string().min(1).max(200) });
export const refreshSchema = z.strictObject({ refreshToken: z.string().min(20).max(200) });
export const uuidSchema = z.uuid();
/** `POST /ops/signing-keys/rotate`: `retirePrevious` ends the old keys at once (a key was stolen), not after their tokens expire. */
export const rotateKeysSchema = z.strictObject({ retirePrevious: z.boolean().optional() });
