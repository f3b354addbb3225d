// What a failed IndexedDB call becomes: a RunnerUpError whose code says what went wrong
// (storage_full, storage_version, storage_closed, storage_failed) and whose message a recruiter
// can act on.
import { RunnerUpError } from '../errors.js';

/** Maps a DOMException or idb failure to a RunnerUpError with a message a recruiter can act on. */
export function toStorageError(cause, what = 'storing the change', lostReason = '') {
  if (cause instanceof RunnerUpError) return cause;
  const name = cause && typeof cause === 'object' ? cause.name : '';
  const detail = cause && cause.message ? ` (${cause.message})` : '';
  switch (name) {
    case 'QuotaExceededError':
    case 'UnknownError': // Chromium reports a full disk as UnknownError
      return new RunnerUpError(
        'storage_full',
        `The browser refused to store this change: storage is full (${name}). Free some disk space or site storage, then try again; nothing was changed.`,
        '',
        { cause },
      );
    case 'AbortError':
      // Chromium aborts a write transaction without saying why when the disk is full or the
      // storage backend failed; the action was not stored either way.
      return new RunnerUpError(
        'storage_full',
        `The browser could not store this change (${name}): the disk may be full or the browser's storage unavailable. Free some disk space, then try again; nothing was changed.`,
        '',
        { cause },
      );
    case 'VersionError':
      return new RunnerUpError(
        'storage_version',
        'This pool was saved by a newer version of runnerup in this browser; reload the page to use the newer version.',
        '',
        { cause },
      );
    case 'InvalidStateError':
    case 'TransactionInactiveError':
      return new RunnerUpError(
        'storage_closed',
        `The pool's database connection was closed${lostReason ? ` (${lostReason})` : ''} while ${what}; nothing was changed. Try again or reload the page.`,
        '',
        { cause },
      );
    default:
      return new RunnerUpError('storage_failed', `The browser could not finish ${what}${detail}; nothing was changed.`, '', {
        cause,
      });
  }
}
