import fs from 'node:fs';

/**
 * Names of this process's threads by their Linux thread id, as the threads that own them
 * report it: Node 20 names every thread `node`, so a benchmark reading per-thread CPU from
 * /proc/self/task can tell the event store's writer from V8's helpers only this way.
 */
const names = new Map<string, string>();

export function noteThreadName(tid: string, name: string): void {
  names.set(tid, name);
}

export function threadNames(): ReadonlyMap<string, string> {
  return names;
}

/** The calling thread's Linux thread id; undefined where /proc/thread-self is not there. */
export function currentThreadId(): string | undefined {
  try {
    return fs.readlinkSync('/proc/thread-self').split('/').pop();
  } catch {
    return undefined;
  }
}
