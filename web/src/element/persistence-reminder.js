// The persistence reminder of <runnerup-pool>: browsers may evict best-effort storage, so the
// element asks to keep the pool, and when the browser says no, reminds the recruiter to export
// (at most once a week once they chose "remind me later"). A Lit reactive controller.
import { requestPersistence } from '../storage/persistence.js';

const REMIND_AFTER_MS = 7 * 24 * 3600 * 1000;

export class PersistenceReminder {
  /** Whether the reminder shows. */
  notice = false;
  #host;

  /** @param {import('lit').ReactiveControllerHost & {pool: string}} host */
  constructor(host) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected() {}

  /**
   * Asks the browser to keep the pool's storage; shows the reminder when it will not.
   * @param {() => boolean} current false once the element opened another pool meanwhile
   */
  async check(current) {
    const { supported, persisted } = await requestPersistence();
    if (!current() || !supported || persisted) return;
    let remindAfter = 0;
    try {
      remindAfter = Number(globalThis.localStorage?.getItem(this.#key()) || 0);
    } catch {
      // storage access can be denied (sandboxed frames): remind every time
    }
    this.#show(Date.now() >= remindAfter);
  }

  remindLater() {
    this.#show(false);
    try {
      globalThis.localStorage?.setItem(this.#key(), String(Date.now() + REMIND_AFTER_MS));
    } catch {
      // not remembered: the reminder comes back on the next visit
    }
  }

  #show(notice) {
    this.notice = notice;
    this.#host.requestUpdate();
  }

  #key() {
    return `runnerup:${this.#host.pool || 'default'}:export-reminder`;
  }
}
