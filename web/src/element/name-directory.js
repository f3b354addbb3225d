// The names <runnerup-pool> shows of people outside the pool's page (a Lit reactive controller):
// every known candidate in a small pool; in a large one (over DIALOG_CANDIDATES_MAX) only the
// host's candidates, and others looked up one by one in the core when shown (reading and
// keeping 100,000 names took a third of a large pool's open).

/** Above this many known candidates the record-outcome dialog lists only the host's and its own. */
export const DIALOG_CANDIDATES_MAX = 1000;

export class NameDirectory {
  /** {id, name} of the candidates known here (all of them in a small pool). */
  known = [];
  #host;
  #pool;
  #hostCandidates;
  #cache = null;
  #allKnown = true;
  /** Names looked up one by one in a large pool, by id (null: no such person). */
  #asked = new Map();
  /** The host's candidates the core refused to save: never offered while the pool lacks them. */
  #refused = new Set();

  /**
   * @param {import('lit').ReactiveControllerHost} host
   * @param {() => import('../pool.js').Pool | null} pool
   * @param {() => object[]} hostCandidates the candidates the host page handed over
   */
  constructor(host, pool, hostCandidates) {
    this.#host = host;
    this.#pool = pool;
    this.#hostCandidates = () => {
      const given = hostCandidates();
      return Array.isArray(given) ? given : [];
    };
    host.addController(this);
  }

  /**
   * Takes the names the redraw's query read (at most DIALOG_CANDIDATES_MAX + 1 of them): all of
   * them when the pool is that small, else only the host's candidates are kept.
   * @param {{id: string, name: string}[]} names
   */
  take(names) {
    this.#allKnown = names.length <= DIALOG_CANDIDATES_MAX;
    this.#asked.clear();
    this.known = this.#allKnown ? names : this.#namesOf(this.#hostCandidates().map((c) => c?.id));
    this.#host.requestUpdate();
  }

  /** The host's candidate `id` was refused by the core: the dialog does not offer them (it would end in not_found). */
  refuse(id) {
    if (typeof id !== 'string' || this.#refused.has(id)) return;
    this.#refused.add(id);
    this.#host.requestUpdate();
  }

  /** The host handed over its records again: what was refused before is tried again. */
  clearRefused() {
    this.#refused.clear();
  }

  /** {id, name} of the given ids that the pool knows, read from the core. */
  #namesOf(ids) {
    const wanted = ids.filter((id) => typeof id === 'string' && id);
    const pool = this.#pool();
    if (!wanted.length || !pool) return [];
    return pool.query({ type: 'candidates', fields: 'names', ids: wanted }).candidates;
  }

  /** A person's name for display; the id when the pool does not know them. */
  name(id, collator) {
    const known = this.index(collator).byId.get(id);
    if (known || this.#allKnown) return known?.name || id;
    if (!this.#asked.has(id)) {
      let found = null;
      try {
        found = this.#namesOf([id])[0] || null;
      } catch {
        found = null; // a name is not worth an error: the id stands in
      }
      this.#asked.set(id, found);
    }
    return this.#asked.get(id)?.name || id;
  }

  /**
   * The known candidates by id, and sorted by name when the dialog offers them all (a small
   * pool): kept until they or the locale change. A large pool is never sorted whole here
   * (sorting 100,000 names with the locale's collator takes about a second of the open).
   */
  index(collator) {
    const cached = this.#cache;
    if (cached && cached.source === this.known && cached.collator === collator) return cached;
    const known = this.known;
    const sorted = this.#allKnown ? [...known].sort((a, b) => collator.compare(a.name, b.name)) : null;
    this.#cache = { source: known, collator, sorted, byId: new Map(known.map((c) => [c.id, c])) };
    return this.#cache;
  }

  /**
   * The people the record-outcome dialog offers: every known candidate in a small pool; in a
   * large one, the ones the host handed over (this requisition's finalists) and the one the
   * dialog is about (`current`), so the dialog never renders 100,000 options.
   */
  dialogCandidates(collator, current = '') {
    const { sorted, byId } = this.index(collator);
    // The host's candidates are offered even while their saves are still on their way into the
    // pool (the dialog can be opened before): with the name the host gave.
    const fromHost = new Map(
      this.#hostCandidates()
        .filter((c) => c && typeof c.id === 'string' && c.id !== '' && !this.#refused.has(c.id))
        .map((c) => [c.id, { id: c.id, name: typeof c.name === 'string' && c.name !== '' ? c.name : c.id }]),
    );
    const byName = (a, b) => collator.compare(a.name, b.name);
    if (sorted) {
      // a small pool: everyone
      const pending = [...fromHost.values()].filter((c) => !byId.has(c.id));
      return pending.length === 0 ? sorted : [...sorted, ...pending].sort(byName);
    }
    const wanted = new Set(fromHost.keys());
    if (current) wanted.add(current);
    const known = (id) => {
      if (byId.has(id)) return byId.get(id);
      const name = this.name(id, collator); // looked up in the core; the id itself when unknown
      if (name !== id) return { id, name };
      return fromHost.get(id) ?? null;
    };
    return [...wanted].map(known).filter(Boolean).sort(byName);
  }
}
