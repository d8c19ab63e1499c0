// The running system most timeclock whole-system tests start with: one person of each role, signed in.
import type { Role } from '@uehub/contracts';
import { apiClient, login, type Api } from './http-client';
import { createOnePerRole, type Person } from './people';
import { startSystem, type RunningSystem, type SystemOptions } from './system';

export interface TimeclockSystem {
  system: RunningSystem;
  api: Api;
  superToken: string;
  people: Record<Role, Person>;
}

/** Starts the system (see `startSystem`) and signs in one person of each role (emails tagged `tag`). */
export async function startTimeclockSystem(label: string, tag: string, options?: SystemOptions): Promise<TimeclockSystem> {
  const system = await startSystem(label, options);
  const api = apiClient(system.baseUrl);
  const superToken = await login(api, system.admin.email, system.admin.password);
  return { system, api, superToken, people: await createOnePerRole(api, superToken, tag) };
}
