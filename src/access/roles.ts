import { z } from 'zod';

export const ROLES = ['finance', 'reviewer', 'registrar', 'inspector', 'auditor', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** 6-digit administrative division code (GB/T 2260), e.g. 360000 Jiangxi, 360100 Nanchang. */
export const RegionCodeSchema = z.string().regex(/^\d{6}$/, 'a 6-digit administrative division code');

/**
 * Who is asking. `region` scopes every command and query: a principal of 360100 sees
 * 360100 and the counties below it (3601xx); a province-level code (xx0000) its whole
 * province; no region means the whole system (admins and auditors of the province).
 */
export interface Principal {
  id: string;
  name: string;
  role: Role;
  region?: string;
}

/** Whether `region` lies inside the scope of `scope` by the GB/T 2260 hierarchy. */
export function regionWithin(scope: string | undefined, region: string): boolean {
  if (scope === undefined) return true;
  if (scope.endsWith('0000')) return region.slice(0, 2) === scope.slice(0, 2);
  if (scope.endsWith('00')) return region.slice(0, 4) === scope.slice(0, 4);
  return region === scope;
}
