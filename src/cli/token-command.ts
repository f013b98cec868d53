import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { RegionCodeSchema, ROLES, RoleSchema } from '../access/roles.ts';
import { TokenStore, type TokenRecord } from '../access/token-store.ts';
import { toShanghaiIso } from '../app/clock.ts';
import { openNodeDb } from '../app/node-db.ts';
import { loadConfig } from '../config.ts';

/** Where the token commands read and write (the server's own node database). */
function withTokens<T>(work: (tokens: TokenStore) => T): T {
  const db = openNodeDb(loadConfig().dataDir);
  try {
    return work(new TokenStore(db));
  } finally {
    db.close();
  }
}

function fail(message: string): never {
  process.stderr.write(`taizhang token: ${message}\n`);
  process.exit(2);
}

function describe(r: TokenRecord): string {
  return [r.id, r.role, r.region ?? '-', r.createdAt, r.revokedAt ? `revoked ${r.revokedAt}` : 'active', JSON.stringify(r.name)].join('\t');
}

export interface CreateTokenInput {
  role: string;
  region?: string | undefined;
  name: string;
}

/** Checks the input and creates the token; returns the principal id and the token (its only copy). */
export function createToken(tokens: TokenStore, input: CreateTokenInput, nowMs: number): { principalId: string; token: string } {
  const role = RoleSchema.safeParse(input.role);
  if (!role.success) throw new Error(`--role: one of ${ROLES.join(', ')}`);
  if (input.region !== undefined && !RegionCodeSchema.safeParse(input.region).success) throw new Error('--region: a 6-digit administrative division code (GB/T 2260), e.g. 360100');
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) throw new Error('--name: 1 to 200 characters');
  const principalId = `u-${randomBytes(8).toString('hex')}`;
  const token = tokens.create({ name, role: role.data, principalId, nowIso: toShanghaiIso(nowMs), ...(input.region === undefined ? {} : { region: input.region }) });
  return { principalId, token };
}

export function registerTokenCommand(program: Command): void {
  const token = program.command('token').description('bearer tokens of the API: create, list, revoke (stored in TAIZHANG_DATA_DIR/node.sqlite as hashes only)');

  token
    .command('create')
    .description('create a principal and its token; the token is printed once, on stdout, and cannot be shown again')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--region <code>', 'region scope: a GB/T 2260 code (360000 a province, 360100 a city, 360102 a county); none: the whole system')
    .requiredOption('--name <name>', 'who or what holds the token (shown by token list)')
    .action((opts: { role: string; region?: string; name: string }) => {
      const created = withTokens((tokens) => {
        try {
          return createToken(tokens, opts, Date.now());
        } catch (error) {
          return fail((error as Error).message);
        }
      });
      process.stderr.write(`created principal ${created.principalId} (${opts.role}${opts.region ? `, region ${opts.region}` : ', whole system'}); the token below is shown only now:\n`);
      process.stdout.write(`${created.token}\n`);
    });

  token
    .command('list')
    .description('list principals (id, role, region, created, status, name); never prints tokens')
    .action(() => {
      const rows = withTokens((tokens) => tokens.list());
      process.stdout.write(['id\trole\tregion\tcreated\tstatus\tname', ...rows.map(describe)].join('\n') + '\n');
    });

  token
    .command('revoke')
    .description('revoke the token of a principal (by the id token create printed); takes effect on the next request')
    .argument('<id>', 'principal id, e.g. u-3f2a…')
    .action((id: string) => {
      const revoked = withTokens((tokens) => tokens.revoke(id, toShanghaiIso(Date.now())));
      if (!revoked) fail(`no active token for ${id}`);
      process.stdout.write(`revoked ${id}\n`);
    });
}
