/**
 * Whether `region` lies within `scope` by the GB/T 2260 hierarchy: a province code
 * (xx0000) covers its province, a prefecture code (xxxx00) its prefecture, a county code
 * itself. A plan's subjects must lie within the plan's region (the office that runs it).
 */
export function regionCovers(scope: string, region: string): boolean {
  if (scope.endsWith('0000')) return region.slice(0, 2) === scope.slice(0, 2);
  if (scope.endsWith('00')) return region.slice(0, 4) === scope.slice(0, 4);
  return region === scope;
}

/** The province code of a region: the id of the list of inspection matters that applies. */
export function provinceOf(regionCode: string): string {
  return `${regionCode.slice(0, 2)}0000`;
}
