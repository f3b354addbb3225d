// The server's store: every pool's event log in PostgreSQL, each event checked by the wasm core
// (the module the widget ships) before it is stored.
//
// Per pool: a row in `pools` whose lock orders the pushes (SELECT ... FOR UPDATE) and whose `head`
// is the last sequence number given; events get head+1, head+2... under that lock, so the
// sequence is dense and in commit order (the pull cursor). The event id is the idempotency key:
// the same id with the same bytes is a duplicate, with other bytes a conflict, refused. What the
// core refuses is kept in `refusals` and answered again when the same id is retried. Events are
// stored as the core gives them back (its canonical JSON; scrubbed when they are about an erased
// person). An erasure scrubs the person's stored events in the transaction that stores it.
// A push is answered only after COMMIT (synchronous_commit on).
//
// The core's view of each pool is a wasm Pool kept per instance (a cache) and caught up from
// PostgreSQL, under the pool's lock, before anything is checked against it: any number of
// instances share one database.
import { createCorePool } from '../web/src/core.js';
import { RunnerUpError } from '../web/src/errors.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS pools (
  id text PRIMARY KEY,
  head bigint NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS events (
  pool text NOT NULL REFERENCES pools(id),
  seq bigint NOT NULL,
  id text NOT NULL,
  actor text NOT NULL,
  type text NOT NULL,
  body text NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (pool, seq),
  UNIQUE (pool, id)
);
CREATE TABLE IF NOT EXISTS refusals (
  pool text NOT NULL REFERENCES pools(id),
  id text NOT NULL,
  code text NOT NULL,
  message text NOT NULL,
  path text NOT NULL,
  refused_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (pool, id)
);
-- A push's first statement: the pool's row, made on first use and locked either way (ON CONFLICT
-- DO UPDATE locks the row it meets) until COMMIT, its head, then what is known of the push's
-- ids (stored events and kept refusals). One round trip; each query of a VOLATILE function
-- takes a new snapshot, so the ids are looked up after the lock is held and see every push
-- that held it before.
CREATE OR REPLACE FUNCTION runnerup_lock_pool(p text, wanted text[])
RETURNS TABLE (k_id text, k_seq bigint, k_body text, k_code text, k_message text, k_path text)
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
  h bigint;
BEGIN
  INSERT INTO pools AS t (id) VALUES (p) ON CONFLICT (id) DO UPDATE SET head = t.head RETURNING t.head INTO h;
  RETURN QUERY SELECT NULL::text, h, NULL::text, NULL::text, NULL::text, NULL::text;
  -- one index lookup per id: with "id = ANY(wanted)" the planner may walk the whole pool (it
  -- does when a pool grew since the table was last analyzed: 100 ms at 100,000 events)
  RETURN QUERY SELECT e.id, e.seq, e.body, NULL::text, NULL::text, NULL::text FROM unnest(wanted) AS w(id)
    CROSS JOIN LATERAL (SELECT id, seq, body FROM events WHERE pool = p AND events.id = w.id LIMIT 1) AS e;
  RETURN QUERY SELECT r.id, NULL::bigint, NULL::text, r.code, r.message, r.path FROM unnest(wanted) AS w(id)
    CROSS JOIN LATERAL (SELECT id, code, message, path FROM refusals WHERE pool = p AND refusals.id = w.id LIMIT 1) AS r;
END
$fn$;
`;

/** The notification channel every instance listens on; the payload is the pool's name. */
export const CHANNEL = 'runnerup_events';

/** Pools whose core is kept in memory at once, per instance (the least recently used goes). */
const CACHED_POOLS = 32;
/** The advisory lock key instances migrate under. */
const MIGRATION_LOCK = 72017319;
/** The most events the pushes waiting together may carry into one transaction. */
const GROUP_EVENTS = 2000;
/** Up to this many erasures in a pool, stored forms are read from a scratch pool (#formsOf). */
const SCRATCH_ERASURES = 1000;
/** Events replayed into a pool's core per call while it catches up. */
const CATCH_UP_CHUNK = 5000;

/**
 * Where a test makes the server die (SIGKILL), to prove that nothing is acknowledged before it
 * is committed: RUNNERUP_CRASH_AT=after-insert (before COMMIT) or after-commit (before the reply).
 */
const CRASH_AT = process.env.RUNNERUP_CRASH_AT || '';

function crashIf(point) {
  if (CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}

export class Store {
  #db;
  #wasmBinary;
  /** @type {Map<string, {core: any, seq: number, erasures: object[]}>} */
  #cache = new Map();
  /** @type {Map<string, Promise<unknown>>} one operation at a time per pool in this instance */
  #queues = new Map();
  /** @type {Map<string, {items: object[], size: number}>} pushes waiting for their pool's turn */
  #waiting = new Map();

  /** @param {import('pg').Pool} db @param {Uint8Array} wasmBinary */
  constructor(db, wasmBinary) {
    this.#db = db;
    this.#wasmBinary = wasmBinary;
  }

  async migrate() {
    // one instance at a time (instances that start together would race on the catalog);
    // the statements of one simple query share a transaction, which holds the lock
    await this.#db.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK});\n${SCHEMA}`);
  }

  /**
   * A connection of the pool for a transaction. A connection lost while it is out but between
   * two queries (PostgreSQL gone) would be an 'error' event nobody hears, which ends the
   * process: it is heard here, and the next query fails with it instead.
   */
  async #checkOut() {
    const client = await this.#db.connect();
    client.on('error', ignoreLostConnection);
    return client;
  }

  /** Runs `task` after every earlier task on the same pool in this instance. */
  #serial(pool, task) {
    const before = this.#queues.get(pool) ?? Promise.resolve();
    const run = before.then(task, task);
    const tail = run.catch(() => {});
    this.#queues.set(pool, tail);
    tail.then(() => {
      if (this.#queues.get(pool) === tail) this.#queues.delete(pool);
    });
    return run;
  }

  /**
   * The pool's cached core, caught up with what `client` sees of the log (to `head` when the
   * caller holds the pool's lock and knows it: nothing is read when the core is there already).
   */
  async #caughtUp(client, pool, head = null) {
    let entry = this.#cache.get(pool);
    if (entry) {
      this.#cache.delete(pool); // re-inserted below: the map's order is the recency
    } else {
      entry = { core: await createCorePool({ wasmBinary: this.#wasmBinary }), seq: 0, erasures: [] };
    }
    this.#cache.set(pool, entry);
    while (this.#cache.size > CACHED_POOLS) {
      const [oldest, evicted] = this.#cache.entries().next().value;
      this.#cache.delete(oldest);
      evicted.core.dispose();
    }
    while (head === null || entry.seq < head) {
      const { rows } = await client.query(
        'SELECT seq, body FROM events WHERE pool = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [pool, entry.seq, CATCH_UP_CHUNK],
      );
      if (rows.length === 0) break;
      const events = rows.map((r) => JSON.parse(r.body));
      try {
        entry.core.apply(events);
      } catch (error) {
        this.#forget(pool);
        throw error;
      }
      for (const e of events) if (e.type === 'person.erased') entry.erasures.push(e);
      entry.seq = Number(rows[rows.length - 1].seq);
    }
    return entry;
  }

  #forget(pool) {
    const entry = this.#cache.get(pool);
    if (!entry) return;
    this.#cache.delete(pool);
    entry.core.dispose();
  }

  /**
   * The form `event` would be stored in now: the core's canonical JSON, scrubbed when the pool
   * has erased the person it is about. Applied to a scratch pool, never to the pool's own core.
   */
  async #storedForm(entry, event) {
    const scratch = await createCorePool({ wasmBinary: this.#wasmBinary });
    try {
      scratch.apply([...entry.erasures.filter((e) => e.id !== event.id), event]);
      const [form] = scratch.query({ type: 'events', ids: [event.id] }).events;
      return JSON.stringify(form);
    } finally {
      scratch.dispose();
    }
  }

  /**
   * Stores a batch of events for `pool`, in one transaction; the verdicts, in the batch's order:
   * `{id, status: 'accepted', seq}`, `{id, status: 'duplicate', seq}` or
   * `{id, status: 'refused', error: {code, message, path}}`. The caller has checked who may
   * write what (server/auth.js).
   *
   * Pushes to one pool take turns in this instance; the pushes that arrive while the pool is
   * busy wait together and are then stored in one transaction (one COMMIT, one fsync, for all
   * of them, in their order of arrival), each answered after that COMMIT as if it had been
   * stored alone. If that transaction fails, each of them is tried again alone, so one push
   * never fails another.
   * @param {string} pool
   * @param {object[]} events
   */
  push(pool, events) {
    return new Promise((resolve, reject) => {
      const item = { events, resolve, reject };
      const waiting = this.#waiting.get(pool);
      if (waiting && waiting.size + events.length <= GROUP_EVENTS) {
        waiting.items.push(item);
        waiting.size += events.length;
        return;
      }
      const group = { items: [item], size: events.length };
      this.#waiting.set(pool, group);
      this.#serial(pool, async () => {
        if (this.#waiting.get(pool) === group) this.#waiting.delete(pool);
        await this.#pushGroup(pool, group.items);
      });
    });
  }

  /** Stores the pushes of `items` (which waited together) in one transaction, or each alone. */
  async #pushGroup(pool, items) {
    if (items.length > 1 && !sharesAnId(items)) {
      const all = items.flatMap((item) => item.events);
      let stored = null;
      try {
        stored = await this.#pushOnce(pool, all);
      } catch {
        // one push may have made it fail: each is tried alone below
      }
      if (stored) {
        let at = 0;
        for (const item of items) {
          const verdicts = stored.verdicts.slice(at, at + item.events.length).map((v, i) =>
            (v.id === null ? { ...v, error: { ...v.error, path: `/events/${i}` } } : v));
          at += item.events.length;
          item.resolve({ head: stored.head, verdicts });
        }
        return;
      }
    }
    // alone, in their order of arrival (a retried id meets its first copy as when sent apart)
    for (const item of items) {
      try {
        item.resolve(await this.#pushOnce(pool, item.events));
      } catch (error) {
        item.reject(error);
      }
    }
  }

  /** One transaction storing `events` (see push()). */
  async #pushOnce(pool, events) {
    const client = await this.#checkOut();
    let entry = null;
    let applied = false;
    try {
      await client.query('BEGIN');
      const ids = events.map((e) => (e && typeof e === 'object' && typeof e.id === 'string' ? e.id : null));
      const known = ids.filter((id) => id !== null);
      // the pool's row locked until COMMIT (pushes to one pool take their turns here), its head,
      // and what is known of these ids: stored events and kept refusals (runnerup_lock_pool)
      const locked = await client.query({
        name: 'runnerup_lock_pool',
        text: 'SELECT * FROM runnerup_lock_pool($1, $2)',
        values: [pool, known],
      });
      let head = null;
      const stored = new Map();
      const refused = new Map();
      for (const r of locked.rows) {
        if (r.k_id === null) head = Number(r.k_seq);
        else if (r.k_code === null) stored.set(r.k_id, { seq: Number(r.k_seq), body: r.k_body });
        else refused.set(r.k_id, { code: r.k_code, message: r.k_message, path: r.k_path });
      }
      entry = await this.#caughtUp(client, pool, head);
      if (entry.seq !== head) {
        // the log and the head disagree: never store on top of that
        this.#forget(pool);
        throw new Error(`pool ${pool}: the log ends at ${entry.seq} but its head is ${head}`);
      }

      // the core's check of each event the pool has no verdict for (the first of each id)
      const firstOf = new Map(); // id -> index
      for (let i = 0; i < events.length; i += 1) {
        const id = ids[i];
        if (id !== null && !stored.has(id) && !refused.has(id) && !firstOf.has(id)) firstOf.set(id, i);
      }
      const checked = checkEach(entry.core, [...firstOf.values()].map((i) => events[i]));
      const refusalAt = new Map([...firstOf.values()].map((i, k) => [i, checked[k]]));

      const verdicts = new Array(events.length);
      const fresh = []; // [index, event] the core accepts and the pool lacks
      const freshIds = new Map(); // id -> index in `fresh`
      const newRefusals = [];
      for (let i = 0; i < events.length; i += 1) {
        const event = events[i];
        const id = ids[i];
        if (id === null) {
          verdicts[i] = { id: null, status: 'refused', error: { code: 'invalid_field', message: 'an event is a JSON object with a string id', path: `/events/${i}` } };
          continue;
        }
        const before = stored.get(id);
        if (before) {
          const same = JSON.stringify(event) === before.body || (await this.#sameEvent(entry, event, before.body));
          verdicts[i] = same
            ? { id, status: 'duplicate', seq: before.seq }
            : { id, status: 'refused', error: conflict(id) };
          continue;
        }
        const kept = refused.get(id);
        if (kept) {
          verdicts[i] = { id, status: 'refused', error: kept };
          continue;
        }
        if (freshIds.has(id)) {
          // twice in one batch: the second is compared with the first
          const first = fresh[freshIds.get(id)][1];
          verdicts[i] = JSON.stringify(first) === JSON.stringify(event) ? { id, status: 'duplicate', of: freshIds.get(id) } : { id, status: 'refused', error: conflict(id) };
          continue;
        }
        const answer = refusalAt.get(i);
        if (answer) {
          verdicts[i] = { id, status: 'refused', error: answer };
          refused.set(id, answer);
          newRefusals.push({ id, ...answer });
          continue;
        }
        freshIds.set(id, fresh.length);
        fresh.push([i, event]);
      }

      let forms = new Map();
      if (fresh.length > 0) {
        applied = true;
        entry.core.apply(fresh.map(([, e]) => e));
        forms = await this.#formsOf(entry, fresh.map(([, e]) => e));
        const seqs = [];
        const rows = { id: [], actor: [], type: [], body: [] };
        for (const [index, event] of fresh) {
          const form = forms.get(event.id);
          head += 1;
          seqs.push(head);
          rows.id.push(form.id);
          rows.actor.push(form.actor);
          rows.type.push(form.type);
          rows.body.push(JSON.stringify(form));
          verdicts[index] = { id: event.id, status: 'accepted', seq: head };
        }
        // the rows, the new head, and a word to every instance's streams (delivered at
        // COMMIT), in one round trip
        await client.query({
          name: 'runnerup_store_events',
          text: `WITH stored AS (
             INSERT INTO events (pool, seq, id, actor, type, body)
             SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[])),
           moved AS (UPDATE pools SET head = $7 WHERE id = $1)
           SELECT pg_notify($8, $1)`,
          values: [pool, seqs, rows.id, rows.actor, rows.type, rows.body, head, CHANNEL],
        });
        // An erasure scrubs the person's stored events in this same transaction.
        for (const [, event] of fresh) {
          const form = forms.get(event.id);
          if (form.type !== 'person.erased') continue;
          entry.erasures.push(form);
          const about = entry.core.query({ type: 'eventsAbout', candidateId: form.data.candidateId }).events;
          if (about.length === 0) continue;
          await client.query(
            `UPDATE events SET body = u.body FROM unnest($2::text[], $3::text[]) AS u(id, body)
             WHERE events.pool = $1 AND events.id = u.id AND events.body <> u.body`,
            [pool, about.map((e) => e.id), about.map((e) => JSON.stringify(e))],
          );
        }
      }
      for (let i = 0; i < verdicts.length; i += 1) {
        if (verdicts[i].of !== undefined) verdicts[i] = { id: verdicts[i].id, status: 'duplicate', seq: verdicts[fresh[verdicts[i].of][0]].seq };
      }
      if (newRefusals.length > 0) {
        await client.query(
          `INSERT INTO refusals (pool, id, code, message, path)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING`,
          [pool, newRefusals.map((r) => r.id), newRefusals.map((r) => r.code), newRefusals.map((r) => r.message), newRefusals.map((r) => r.path)],
        );
      }
      crashIf('after-insert');
      await client.query('COMMIT');
      crashIf('after-commit');
      entry.seq = head;
      return { head, verdicts };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      // the core may hold events that were never committed: it is built again from the log
      if (applied) this.#forget(pool);
      throw error;
    } finally {
      checkIn(client);
    }
  }

  /**
   * The stored forms (the core's canonical JSON, scrubbed by the pool's erasures and by those
   * among them) of `events`, which the pool's core has just applied, by id. Read from a scratch
   * pool holding only the pool's erasures and these events, as #storedForm() does: asking the
   * pool's own core for events by id walks its whole log (tens of milliseconds at 100,000
   * events), the scratch pool's log is short. The pool's core answers when the scratch pool
   * cannot (many erasures, or an event it does not take alone).
   */
  async #formsOf(entry, events) {
    const ids = events.map((e) => e.id);
    if (entry.erasures.length <= SCRATCH_ERASURES) {
      const scratch = await createCorePool({ wasmBinary: this.#wasmBinary });
      try {
        scratch.apply([...entry.erasures, ...events]);
        const found = scratch.query({ type: 'events', ids }).events;
        if (found.length === events.length) return new Map(found.map((e) => [e.id, e]));
      } catch (error) {
        if (!(error instanceof RunnerUpError) || error.code === 'internal' || error.code === 'disposed') throw error;
      } finally {
        scratch.dispose();
      }
    }
    return new Map(entry.core.query({ type: 'events', ids }).events.map((e) => [e.id, e]));
  }

  /** Whether `event` is the stored event (`body`) as the pool would store it now. */
  async #sameEvent(entry, event, body) {
    try {
      return (await this.#storedForm(entry, event)) === body;
    } catch (error) {
      if (error instanceof RunnerUpError && error.code !== 'internal' && error.code !== 'disposed') return false;
      throw error;
    }
  }

  /**
   * The events after `after` (at most `limit`) as their stored JSON text, with their sequence
   * numbers, and the pool's head.
   */
  async read(pool, after, limit) {
    const { rows } = await this.#db.query(
      `SELECT seq, body, (SELECT head FROM pools WHERE id = $1) AS head
         FROM events WHERE pool = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [pool, after, limit],
    );
    let head;
    if (rows.length > 0) head = Number(rows[0].head);
    else head = Number((await this.#db.query('SELECT head FROM pools WHERE id = $1', [pool])).rows[0]?.head ?? 0);
    return { head, events: rows.map((r) => ({ seq: Number(r.seq), body: r.body })) };
  }

  /**
   * The pool's folded state and the seq it covers: the core's snapshot document as JSON text
   * (`text`), or with `binary` its binary snapshot (`bytes`: many times faster to write and to
   * restore, readable only by the same build of the core).
   */
  snapshot(pool, { binary = false } = {}) {
    return this.#serial(pool, async () => {
      const client = await this.#checkOut();
      try {
        const entry = await this.#caughtUp(client, pool);
        // kept until the pool moves on: every new browser of a team asks for the same one
        if (entry.snapshot?.seq !== entry.seq) entry.snapshot = { seq: entry.seq };
        if (binary) entry.snapshot.bytes ??= entry.core.snapshotBinary();
        else entry.snapshot.text ??= entry.core.snapshotText();
        return binary ? { seq: entry.seq, bytes: entry.snapshot.bytes } : { seq: entry.seq, text: entry.snapshot.text };
      } finally {
        checkIn(client);
      }
    });
  }

  close() {
    for (const pool of [...this.#cache.keys()]) this.#forget(pool);
  }
}

function ignoreLostConnection() {}

function checkIn(client) {
  client.removeListener('error', ignoreLostConnection);
  client.release();
}

/**
 * The core's refusal of each event, checked alone ({code, message, path}, the path within the
 * event) or null: one call for all of them while the core refuses none, and one more from the
 * event after each refused one.
 */
function checkEach(core, events) {
  const answers = new Array(events.length).fill(null);
  let from = 0;
  while (from < events.length) {
    try {
      core.admit(from === 0 ? events : events.slice(from));
      break;
    } catch (error) {
      if (!(error instanceof RunnerUpError) || error.code === 'disposed' || error.code === 'internal') throw error;
      const m = /^\/(\d+)(\/.*)?$/.exec(String(error.path || ''));
      if (!m) {
        // not about one event of the list: each is checked alone
        for (let i = from; i < events.length; i += 1) answers[i] = checkOne(core, events[i]);
        break;
      }
      const at = from + Number(m[1]);
      answers[at] = { code: error.code, message: error.message, path: m[2] ?? '' };
      from = at + 1;
    }
  }
  return answers;
}

function checkOne(core, event) {
  try {
    core.admit([event]);
    return null;
  } catch (error) {
    if (!(error instanceof RunnerUpError) || error.code === 'disposed' || error.code === 'internal') throw error;
    return { code: error.code, message: error.message, path: String(error.path || '').replace(/^\/0/, '') };
  }
}

/** Whether two of the pushes carry the same event id (they are then stored one after the other). */
function sharesAnId(items) {
  const seen = new Set();
  for (const item of items) {
    const own = new Set();
    for (const e of item.events) {
      const id = e && typeof e === 'object' ? e.id : undefined;
      if (typeof id !== 'string') continue;
      if (seen.has(id)) return true;
      own.add(id);
    }
    for (const id of own) seen.add(id);
  }
  return false;
}

function conflict(id) {
  return {
    code: 'conflict',
    message: `another event with the id "${id}" is already stored: an event id is used once, for one event`,
    path: '/id',
  };
}
