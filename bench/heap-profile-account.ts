/**
 * Summarises a sampling heap profile (BENCH_HEAP_PROFILE of bench/http-commands-server.ts):
 * bytes allocated by function (self), and by source file on the stack (inclusive), divided
 * by the commands served, so figures compare across runs of different sizes.
 *
 *   node --import tsx bench/heap-profile-account.ts FILE.heapprofile COMMANDS [TOP]
 */
import fs from 'node:fs';

interface Frame { functionName: string; url: string; lineNumber: number }
interface Node { callFrame: Frame; selfSize: number; children: Node[] }

const [file, commandsArg, topArg] = process.argv.slice(2);
if (file === undefined || commandsArg === undefined) throw new Error('usage: heap-profile-account.ts FILE COMMANDS [TOP]');
const commands = Number(commandsArg);
const top = Number(topArg ?? 40);
const { head } = JSON.parse(fs.readFileSync(file, 'utf8')) as { head: Node };

const short = (url: string) => url.replace(/^.*\/(src|bench|node_modules)\//, '$1/');
const self = new Map<string, number>();
const byFile = new Map<string, number>();
let total = 0;

function walk(node: Node, filesOnStack: Set<string>): void {
  const f = node.callFrame;
  const where = short(f.url);
  const key = `${f.functionName || '(anon)'} ${where}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + node.selfSize);
  total += node.selfSize;
  const added = where !== '' && !filesOnStack.has(where);
  if (added) filesOnStack.add(where);
  for (const file of filesOnStack) byFile.set(file, (byFile.get(file) ?? 0) + node.selfSize);
  for (const child of node.children) walk(child, filesOnStack);
  if (added) filesOnStack.delete(where);
}
walk(head, new Set());

const perCommand = (bytes: number) => (bytes / commands).toFixed(0).padStart(7);
process.stdout.write(`total ${perCommand(total)} B/command (${commands} commands)\n\nself, by function:\n`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${perCommand(v)}  ${k}\n`);
process.stdout.write('\ninclusive, by source file on the stack (src/ only):\n');
for (const [k, v] of [...byFile].filter(([k]) => k.startsWith('src/')).sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${perCommand(v)}  ${k}\n`);
