import { integer, isObject, nonEmpty, shapeError, unwrapResults } from './payload';
import { RequestOptions, Transport } from './transport';
import { AccountInfo, ProjectInfo } from './types';

/** `/me`: who the service account is and which projects it can see. */
export class AccountApi {
  constructor(private readonly transport: Transport) {}

  async me(options?: RequestOptions): Promise<AccountInfo> {
    return parseAccount(await this.transport.get('me', options));
  }
}

/** `/me`: `projects` and `organizations` are objects keyed by id, not arrays. */
export function parseAccount(body: unknown): AccountInfo {
  const results = unwrapResults(body);
  if (!isObject(results)) {
    throw shapeError('accountNotAnObject');
  }
  const organizations = new Map<number, string>();
  if (isObject(results.organizations)) {
    for (const [key, value] of Object.entries(results.organizations)) {
      const id = integer(key);
      if (id !== undefined) {
        organizations.set(id, (isObject(value) ? nonEmpty(value.name) : undefined) ?? `Organization ${id}`);
      }
    }
  }
  const projects: ProjectInfo[] = [];
  if (isObject(results.projects)) {
    for (const [key, value] of Object.entries(results.projects)) {
      const id = integer(key);
      if (id === undefined) {
        continue;
      }
      const details = isObject(value) ? value : {};
      projects.push({
        id,
        name: nonEmpty(details.name) ?? `Project ${id}`,
        organizationId: integer(details.organization_id),
        timezone: nonEmpty(details.timezone),
        domain: nonEmpty(details.domain),
      });
    }
  }
  projects.sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
  return {
    userId: integer(results.user_id),
    email: nonEmpty(results.user_email),
    projects,
    organizations,
  };
}

