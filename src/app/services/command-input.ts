import { isRejection, type Rejection } from '../../domain/decider.ts';
import { CommandRejectedError } from '../run-command.ts';

/**
 * The command a domain parser accepted, or the parser's rejection thrown as a
 * CommandRejectedError (`{aggregate}.invalid_command` naming the field at fault).
 * Services parse again what the HTTP schema already checked: they are also called by the
 * CLI and the demo generator, and the domain's parser is the one that counts.
 */
export function commandOrThrow<C>(parsed: C | Rejection): C {
  if (isRejection(parsed)) throw new CommandRejectedError(parsed);
  return parsed;
}

/** Throws the rejection when there is one. */
export function throwIfRejected(r: Rejection | undefined): void {
  if (r) throw new CommandRejectedError(r);
}
