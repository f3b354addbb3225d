// The pool <runnerup-pool> shows (a Lit reactive controller): opened for the element's `pool` and
// `actor`, and again when they, its `storage` or its `host` change (an open that a newer one
// overtook disposes what it opened); its events passed on as the element's (runnerup-change,
// runnerup-sync, runnerup-erasure) and the host adapter's state kept for the toolbar; read for
// the redraw in one query; disposed when the element leaves the page. It sets the element's
// state: _phase, _loadPercent, _error (cleared), _taxonomy, _sync and what the redraw reads.
import { RunnerUpError } from '../errors.js';
import { translator } from '../i18n/index.js';
import { openPool } from '../pool.js';
import { POOL_TABLE_LIMIT } from '../views/pool-table.js';
import { DIALOG_CANDIDATES_MAX } from './name-directory.js';

export class PoolSession {
  /** @type {import('../pool.js').Pool | null} the open pool; null while opening, after a failure, once disposed */
  pool = null;
  #element;
  #env;
  #openKey = null;
  #generation = 0;
  #dirty = false;

  /**
   * @param {import('../element.js').RunnerUpPool} element
   * @param {object} env what the element gives it
   * @param {(error: unknown, source?: string, extra?: object) => void} env.report shows and fires an error
   * @param {(names: {id: string, name: string}[]) => void} env.names the names the redraw read
   * @param {(current: () => boolean) => void} env.opened the pool is open and read; `current` is
   *   false once the element opened another pool meanwhile
   */
  constructor(element, env) {
    this.#element = element;
    this.#env = env;
    element.addController(this);
  }

  hostDisconnected() {
    this.#generation++;
    this.#openKey = null;
    this.#dispose();
  }

  /** (Re)opens the pool when the element's pool or actor, or its storage or host, changed (willUpdate). */
  openIfChanged(changed) {
    const element = this.#element;
    const key = `${element.pool || 'default'}\u0000${element.actor || ''}`;
    if (element.isConnected && (this.#openKey !== key || changed.has('storage') || changed.has('host'))) {
      this.#openKey = key;
      this.#open();
    }
  }

  /** Reads the pool again when it changed since the last read (willUpdate). */
  readIfChanged() {
    if (this.#dirty && this.pool) {
      this.#dirty = false;
      this.#read();
    }
  }

  #onChange = (event) => {
    this.#dirty = true;
    this.#onHostStatus();
    this.#element.requestUpdate();
    // Every change made here (by the recruiter, in any view, or by an import) goes to the host;
    // saves of the host's own records and changes from other tabs do not.
    const { events = [], remote, origin } = event.detail || {};
    if (!remote && origin !== 'host' && events.length) {
      this.#element.dispatchEvent(new CustomEvent('runnerup-change', { bubbles: true, composed: true, detail: { events } }));
    }
  };

  // The host adapter's sync: failures show in the error region; every outcome goes to the host page.
  #onSync = (event) => {
    const { received = 0, sent = 0, error = null } = event.detail || {};
    this.#element.dispatchEvent(new CustomEvent('runnerup-sync', { bubbles: true, composed: true, detail: { received, sent, error } }));
    if (error) this.#env.report(new RunnerUpError(error.code, error.message), 'host');
    else if (this.#element._error?.source === 'host') this.#element._error = null;
    this.#onHostStatus();
  };

  // The host adapter's own state (synced / waiting (n) / offline), shown in the toolbar.
  #onHostStatus = () => {
    const status = this.pool?.hostStatus;
    this.#element._sync = status?.connected ? { state: status.state, waiting: status.waiting } : null;
  };

  #onErasure = (event) => {
    this.#element.dispatchEvent(
      new CustomEvent('runnerup-erasure', { bubbles: true, composed: true, detail: { candidateIds: event.detail.candidateIds } }),
    );
  };

  async #open() {
    const element = this.#element;
    const generation = ++this.#generation;
    this.#dispose();
    element._phase = 'loading';
    element._loadPercent = null;
    element._error = null;
    element._errorsBefore = [];
    if (!element.actor) {
      element._phase = 'failed';
      const message = translator('en').t('error.actorMissing'); // the event's words; the page shows the recruiter's
      this.#env.report(new RunnerUpError('missing_field', message, '/actor'), 'pool', {
        wrap: { key: 'error.actorMissing', params: {}, inner: { code: 'missing_field', message, path: '/actor' } },
      });
      return;
    }
    try {
      const onProgress = ({ applied, total }) => {
        if (generation === this.#generation) element._loadPercent = Math.floor((applied / Math.max(1, total)) * 100);
      };
      const pool = await openPool({ name: element.pool || 'default', actor: element.actor, storage: element.storage, host: element.host, onProgress });
      if (generation !== this.#generation) {
        pool.dispose();
        return;
      }
      this.pool = pool;
      pool.addEventListener('change', this.#onChange);
      pool.addEventListener('erasure', this.#onErasure);
      pool.addEventListener('sync', this.#onSync);
      pool.addEventListener('hoststatus', this.#onHostStatus);
      this.#onHostStatus();
      const { error: hostError } = pool.hostStatus;
      if (hostError) this.#env.report(new RunnerUpError(hostError.code, hostError.message), 'host');
      element._taxonomy = pool.taxonomy();
      this.#read();
      element._phase = 'ready';
      this.#env.opened(() => generation === this.#generation);
    } catch (error) {
      if (generation !== this.#generation) return;
      element._phase = 'failed';
      this.#env.report(error);
    }
  }

  #dispose() {
    const pool = this.pool;
    this.pool = null;
    if (pool) {
      pool.removeEventListener('change', this.#onChange);
      pool.removeEventListener('erasure', this.#onErasure);
      pool.removeEventListener('sync', this.#onSync);
      pool.removeEventListener('hoststatus', this.#onHostStatus);
      pool.dispose();
    }
  }

  #read() {
    const pool = this.pool;
    if (!pool) return;
    const element = this.#element;
    try {
      // One query for the redraw: a page of the pool, not all of it (a 100k pool's table shows
      // 500 rows; Search takes any number); names (id and name: all the element shows of people
      // outside the pool's page): all of them in a small pool, in a large one only the host's
      // candidates now and others when asked for (reading and keeping 100,000 names took a third
      // of a large pool's open); the requisitions; the recruiter's last action (for undo).
      const [page, { candidates: names }, { requisitions }, lastAction] = pool.query({
        type: 'batch',
        queries: [
          { type: 'pool', limit: POOL_TABLE_LIMIT },
          { type: 'candidates', fields: 'names', limit: DIALOG_CANDIDATES_MAX + 1 },
          { type: 'requisitions' },
          { type: 'lastAction', actor: element.actor },
        ],
      }).answers;
      element._entries = page.entries;
      element._poolTotal = page.total;
      element._lastAction = lastAction;
      this.#env.names(names);
      element._knownRequisitions = requisitions;
    } catch (error) {
      this.#env.report(error);
    }
  }
}
