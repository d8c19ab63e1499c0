import type { UserSnapshot } from './events';
import type { Role } from './roles';

/** A user as the API shows it: the fields events carry, plus identity, timestamps and version. */
export interface UserView extends UserSnapshot {
  id: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface CreateUserInput {
  email: string;
  password: string;
  name: string;
  role: Role;
  phone?: string | null;
  department?: string | null;
  notes?: string | null;
}

export interface UpdateUserInput {
  name?: string;
  role?: Role;
  phone?: string | null;
  department?: string | null;
  notes?: string | null;
}

export interface ListUsersQuery {
  role?: Role;
  active?: boolean;
  q?: string;
  cursor?: string;
  limit: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** The claims the gateway reads from a verified access token. */
export interface AccessClaims {
  sub: string;
  role: Role;
  name: string;
  /** Issued at (seconds). */
  iat?: number;
  /** The user's stream version when the token was made: older than the last revoking change means refused. */
  uv?: number;
}
