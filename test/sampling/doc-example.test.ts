import t from 'tap';
import { readFileSync } from 'node:fs';
import type { DrawInput } from '../../src/sampling/types.ts';
import { exampleTrace } from './example-trace.ts';

// docs/sampling.md prints a worked example; this test recomputes it so the document
// cannot drift from the code.
const doc = readFileSync(new URL('../../docs/sampling.md', import.meta.url), 'utf8');

function block(tag: string): unknown {
  const m = new RegExp('```json ' + tag + '\\n([\\s\\S]*?)\\n```').exec(doc);
  if (!m) throw new Error(`docs/sampling.md has no \`\`\`json ${tag} block`);
  return JSON.parse(m[1]!);
}

t.test('the worked example of docs/sampling.md §13 is what the code computes', async (t) => {
  const input = block('sampling-example-input') as DrawInput;
  const actual = exampleTrace(input);
  t.same(block('sampling-example-trace'), actual, 'if the algorithm changed on purpose, paste this into the doc:\n' + JSON.stringify(actual, null, 2));
});

t.test('the tickets and figures quoted in the prose are those of the trace', async (t) => {
  const trace = exampleTrace(block('sampling-example-input') as DrawInput) as { tickets: string[]; floorTickets: string[]; keyString: string };
  const known = new Map<string, string[]>();
  for (const line of trace.tickets) known.set(line.split(' ')[0]!, [line.split(' ')[2]!]);
  for (const line of trace.floorTickets) known.get(line.split(' ')[0]!)!.push(line.split(' ')[1]!);
  const quotes = [...doc.matchAll(/(INST-\d+) \(`([0-9a-f]{4})…`\)/g)];
  t.ok(quotes.length >= 8, `${quotes.length} tickets quoted`);
  for (const [, id, prefix] of quotes) t.ok(known.get(id!)!.some((hex) => hex.startsWith(prefix!)), `${id} \`${prefix}…\``);
  t.ok(doc.includes(`\`${trace.keyString}\``));
  t.ok(doc.includes(`${trace.tickets[2]!.split('E=')[1]} / 2000000`), 'the PPS figure for INST-03');
});
