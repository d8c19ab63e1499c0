import { ROLES, type Role, type UserView } from '@uehub/contracts';
import { login, type Api } from './http-client';

export const PASSWORD = 'Sturdy-password-42';

export interface Person {
  user: UserView;
  token: string;
}

/** Creates one user of each role (as the superadmin) and logs each in. */
export async function createOnePerRole(api: Api, superadminToken: string, tag: string): Promise<Record<Role, Person>> {
  const people = {} as Record<Role, Person>;
  for (const role of ROLES) {
    const email = `${role}.${tag}@example.com`;
    const created = await api('POST', '/api/v1/users', {
      token: superadminToken,
      body: { email, password: PASSWORD, name: `${role} ${tag}`, role },
    });
    if (created.status !== 201) throw new Error(`creating ${role} failed: ${JSON.stringify(created.body)}`);
    people[role] = { user: created.body, token: await login(api, email, PASSWORD) };
  }
  return people;
}

let personSeq = 0;
/** A new user of `role` (as the superadmin), logged in; `tag` keeps emails apart between test files. */
export async function createPerson(api: Api, superadminToken: string, tag: string, role: Role = 'worker'): Promise<Person> {
  personSeq += 1;
  const email = `${tag}.${role}.${personSeq}@example.com`;
  const created = await api('POST', '/api/v1/users', { token: superadminToken, body: { email, password: PASSWORD, name: `${tag} ${role} ${personSeq}`, role } });
  if (created.status !== 201) throw new Error(`creating ${role} failed: ${JSON.stringify(created.body)}`);
  return { user: created.body, token: await login(api, email, PASSWORD) };
}
