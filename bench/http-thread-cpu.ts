/**
 * CPU time per thread of this process, from Linux's /proc/self/task/TID/schedstat (ns on CPU),
 * so a benchmark can tell the main thread's share (requests, read models, Merkle log, logging)
 * from the other threads' (the event store's writer and the vault's worker, V8's GC helpers,
 * libuv's pool). process.cpuUsage() counts them all together. Elsewhere than Linux: undefined.
 */
import fs from 'node:fs';
import { threadNames } from '../src/shared/thread-names.ts';

export type ThreadCpu = Map<string, number>;

/** ns on CPU per thread id; undefined where /proc is not readable. */
export function threadCpuNs(): ThreadCpu | undefined {
  let tids: string[];
  try {
    tids = fs.readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const out: ThreadCpu = new Map();
  for (const tid of tids) {
    try {
      const first = fs.readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0];
      out.set(tid, Number(first));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

export interface ThreadSplit {
  mainMs: number;
  /** Every other thread, the largest first: [ms, …]. */
  othersMs: number[];
  /** The threads of othersMs that reported a name (src/shared/thread-names.ts): ms by name. */
  namedMs?: Map<string, number>;
}

/** CPU per thread between two snapshots: the main thread (tid = pid) apart, the rest by size. */
export function threadSplit(before: ThreadCpu | undefined, after: ThreadCpu | undefined): ThreadSplit | undefined {
  if (before === undefined || after === undefined) return undefined;
  const main = String(process.pid);
  let mainMs = 0;
  const othersMs: number[] = [];
  const namedMs = new Map<string, number>();
  const names = threadNames();
  for (const [tid, ns] of after) {
    const ms = (ns - (before.get(tid) ?? 0)) / 1e6;
    if (tid === main) mainMs = ms;
    else if (ms > 0) othersMs.push(ms);
    const name = names.get(tid);
    if (name !== undefined && tid !== main) namedMs.set(name, (namedMs.get(name) ?? 0) + ms);
  }
  othersMs.sort((a, b) => b - a);
  return { mainMs, othersMs, namedMs };
}

/** "main 0.812 + others 0.301 (0.210, 0.050, …) ms/command". */
export function formatSplit(split: ThreadSplit | undefined, per: number): string {
  if (split === undefined) return 'threads: n/a';
  const others = split.othersMs.reduce((a, b) => a + b, 0);
  const top = split.othersMs.slice(0, 3).map((ms) => (ms / per).toFixed(3));
  const named = [...(split.namedMs ?? [])].map(([name, ms]) => `${name} ${(ms / per).toFixed(3)}`);
  return `main thread ${(split.mainMs / per).toFixed(3)} + other threads ${(others / per).toFixed(3)} (largest ${top.join(', ')}${named.length > 0 ? `; ${named.join(', ')}` : ''}) ms/command`;
}
