import type { AppendRequest, GroupResult } from './group-commit.ts';

/** What StreamHeads asks of the store's read connection. */
export interface LogProbe {
  /** PRAGMA data_version of the read connection: changes when any other connection commits. */
  dataVersion(): number;
  /** The log's last position as the read connection sees it now (0 when empty). */
  logHead(): number;
  /** The streams of the events after `position`, or undefined when there are more than `limit` such events. */
  streamsAfter(position: number, limit: number): string[] | undefined;
}

/** Streams remembered at most; when full, all are forgotten at once. */
const MAX_STREAMS = 100_000;
/** Events past the reported head looked at, at most; beyond, nothing is vouched for until the next report. */
const MAX_UNREPORTED = 256;

/**
 * For each recently appended or read stream, a revision past which it has no event
 * ("no event after revision X"; -1: no event at all), kept current by this store's own
 * group commits, so that a caller holding a state folded up to X can skip the read that
 * would only confirm it (the command runner's state cache: two reads per command, each
 * paying for a page cache that every commit resets).
 *
 * Other processes may append to the same file. A bound is vouched for only while every
 * event appended since it was noted was reported by this store's writer:
 * - the writer looks at the log's head under its write lock at each group and says when
 *   it moved since its previous group (`foreign`): everything noted before is forgotten;
 * - after the writer's last report, the read connection's data_version says whether anyone
 *   committed; if so, the streams of the events past the reported head (a group of ours
 *   not yet reported, or another process's) are not vouched for until the next report.
 * Appends are all this needs to watch: the log is append-only (the file's triggers).
 *
 * The data_version look is made at most once per turn of the event loop (until the next
 * check phase, or until this store's writer reports a group): a command asks for several
 * streams, each look was a SQLite statement, and answering from a look made earlier in the
 * same turn is the same as having asked a moment earlier. Nothing that would make the
 * answer wrong can be learnt within the turn: this store's own groups are reported by a
 * message (which ends the reuse), and a request sent after another process's commit was
 * acknowledged arrives in a later turn.
 */
export class StreamHeads {
  readonly #probe: LogProbe;
  readonly #bounds = new Map<string, number>();
  /** The log's head as this store's writer last reported it; undefined: unknown (trust nothing). */
  #reportedHead: number | undefined;
  /** The read connection's data_version when #unreported was looked up; undefined: look again. */
  #checkedVersion: number | undefined;
  /** Streams with events past #reportedHead at #checkedVersion; undefined: too many to list. */
  #unreported: ReadonlySet<string> | undefined;
  /** A data_version look was made this turn: #unreported stands until `endOfTurn` runs. */
  #lookedThisTurn = false;
  readonly #endOfTurn: (then: () => void) => void;

  /** `endOfTurn`: runs its callback once the current turn of the event loop is over (setImmediate). */
  constructor(probe: LogProbe, endOfTurn: (then: () => void) => void = (then) => void setImmediate(then)) {
    this.#probe = probe;
    this.#endOfTurn = endOfTurn;
    this.#reportedHead = probe.logHead();
  }

  /**
   * A revision past which `stream` has no event now (-1: it has none), or undefined when
   * that cannot be vouched for without reading the stream.
   */
  lastRevision(stream: string): number | undefined {
    const bound = this.#bounds.get(stream);
    if (bound === undefined) return undefined;
    const unreported = this.#unreportedStreams();
    return unreported === undefined || unreported.has(stream) ? undefined : bound;
  }

  /** A forward read from `fromRevision` that reached the stream's end and returned these revisions. */
  noteReadToEnd(stream: string, fromRevision: number, lastRead: number | undefined): void {
    this.#note(stream, lastRead ?? fromRevision - 1);
  }

  /** A group's outcome, before its callers hear of it. */
  noteGroup(requests: readonly AppendRequest[], result: GroupResult): void {
    if (result.foreign || result.head === undefined) this.#bounds.clear();
    this.#reportedHead = result.head;
    this.#checkedVersion = undefined;
    this.#lookedThisTurn = false;
    if (result.head === undefined) return;
    result.outcomes.forEach((outcome, i) => {
      const stream = requests[i]?.stream;
      if (stream === undefined) return;
      if (outcome.ok) {
        if (outcome.replayed !== true) this.#note(stream, outcome.revision);
      }
      else if (outcome.failure.kind === 'wrong_expected_revision') this.#note(stream, outcome.failure.actual ?? -1);
    });
  }

  /** Forgets everything (a failure of the store's own that leaves the log's state unknown). */
  forget(): void {
    this.#bounds.clear();
    this.#reportedHead = undefined;
    this.#checkedVersion = undefined;
    this.#lookedThisTurn = false;
  }

  #note(stream: string, bound: number): void {
    // Full: start over rather than keep an LRU order (a delete and a re-insert per note cost
    // more than the few reads the streams forgotten at once cost to learn again).
    if (this.#bounds.size >= MAX_STREAMS && !this.#bounds.has(stream)) this.#bounds.clear();
    this.#bounds.set(stream, bound);
  }

  /** Streams with events this store's writer has not reported; undefined when that is unknown. */
  #unreportedStreams(): ReadonlySet<string> | undefined {
    if (this.#reportedHead === undefined) return undefined;
    if (this.#lookedThisTurn && this.#checkedVersion !== undefined) return this.#unreported;
    this.#lookedThisTurn = true;
    this.#endOfTurn(() => (this.#lookedThisTurn = false));
    // The version first: a commit landing between the two looks shows as a changed version next time.
    const version = this.#probe.dataVersion();
    if (version !== this.#checkedVersion) {
      const streams = this.#probe.streamsAfter(this.#reportedHead, MAX_UNREPORTED);
      this.#unreported = streams === undefined ? undefined : new Set(streams);
      this.#checkedVersion = version;
    }
    return this.#unreported;
  }
}
