/**
 * The intermediate values of a draw, for the worked example of docs/sampling.md: the
 * doc-example test recomputes them from the input printed in the document and compares
 * them with the values printed there.
 */
import { buildDeck } from '../../src/sampling/assign.ts';
import { runDraw } from '../../src/sampling/draw.ts';
import { drawOutcomeHash } from '../../src/sampling/outcome-hash.ts';
import { ppsKey } from '../../src/sampling/pps-key.ts';
import { buildPool } from '../../src/sampling/recusal.ts';
import { rfc3797KeyString } from '../../src/sampling/rfc3797-key.ts';
import { fromHex, toHex } from '../../src/sampling/bytes.ts';
import { FLOOR_TAG, TICKET_TAG, TicketHasher } from '../../src/sampling/tickets.ts';
import type { DrawInput } from '../../src/sampling/types.ts';

export function exampleTrace(input: DrawInput): Record<string, unknown> {
  const outcome = runDraw(input);
  if (!outcome.ok) throw new Error(outcome.message);
  const seed = fromHex(outcome.seed)!;
  const tickets = new TicketHasher(TICKET_TAG, seed);
  const by = input.design.stratifyBy;
  const label = (s: DrawInput['subjects'][number]): string => by.map((f) => s[f]).join('|');
  const value = input.randomness.value;
  const floorTickets = new TicketHasher(FLOOR_TAG, seed);
  const pool = buildPool(input.inspectors, input.assignment);
  const deck = buildDeck(pool, outcome.subjects.length * input.assignment.inspectorsPerSubject, seed);
  const allocated = new Set(outcome.subjects.filter((d) => d.via === 'allocation').map((d) => d.id));
  const topUpGroups = new Set(outcome.subjects.filter((d) => d.via === 'floor').map((d) => input.subjects.find((s) => s.id === d.id)!.region));
  return {
    keyString: value.kind === 'lottery' ? rfc3797KeyString(value.numbers) : undefined,
    rosterHashes: outcome.rosterHashes,
    seed: outcome.seed,
    tickets: input.subjects.map((s) => {
      const ticket = tickets.ticket(label(s), s.id);
      return `${s.id} ${label(s)} ${toHex(ticket)} E=${ppsKey(ticket, 1).e.toString(10)}`;
    }),
    strata: outcome.strata.map((s) => `${s.label} N=${s.population} n=${s.allocated} drawn=${s.drawn}`),
    floorTickets: input.subjects
      .filter((s) => topUpGroups.has(s.region) && !allocated.has(s.id))
      .map((s) => `${s.id} ${toHex(floorTickets.ticket(`0|region|${s.region}`, s.id))}`),
    drawn: outcome.subjects.map((s) => `${s.id} ${s.via}`),
    deck: [...deck].map((i) => pool.inspectors[i]!.id).join(' '),
    assignments: outcome.assignments.map((a) => `${a.subjectId}: ${a.inspectorIds.join(' ')}`),
    load: outcome.load,
    outcomeHash: drawOutcomeHash(outcome),
  };
}
