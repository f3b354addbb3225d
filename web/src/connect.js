// A ready host adapter for the team's sync server (server/, docs/SERVER.md): one line wires a
// widget to a pool on the server.
//
//   import { connect } from '/runnerup/runnerup.js';
//   widget.host = connect('/v1', { pool: 'acme', token: () => ats.runnerupToken() });
//
// It implements the host adapter contract ({load(), append(events), subscribe(receive),
// watchStatus(listener), snapshot()}):
// `load()` pages through the pool's events; `append(events)` sends them in batches (one POST,
// one transaction on the server, per batch) and resolves once the server has answered for each;
// `subscribe(receive)` follows the pool's stream (server-sent events read over fetch, so the
// token travels in a header, never in the URL), from where load() left off (from 0 when load()
// failed: the pool loads only as it opens), resuming after the last sequence it saw.
// What could not be sent waits in the adapter and is sent again by itself: when the browser
// comes back online, when the stream reconnects, and on a timer with backoff; not only with
// the next action. `adapter.status` is {state: 'synced' | 'waiting' | 'offline', pending, error}
// and `onStatus(status)` hears every change (the pool follows it through watchStatus: the widget
// shows it); `onRefused(verdicts)` hears the events the server refused for good (their error
// says why: the core's, or the token's). `snapshot()` gives the server's compacted state, from
// which a new browser opens a large pool.

/** The most events in one POST (the server's limit). */
const MAX_BATCH = 2000;
/** Events per page when loading. */
const PAGE = 5000;

/**
 * @param {string} base the API's base URL, e.g. '/v1' or 'https://ats.example/runnerup/v1'
 * @param {{pool: string, token: string | (() => string | Promise<string>), batch?: number,
 *   retryMs?: number, maxRetryMs?: number, onStatus?: (status: object) => void,
 *   onRefused?: (verdicts: object[]) => void, fetch?: typeof fetch}} options
 */
export function connect(base, options) {
  const { pool, token, onStatus, onRefused } = options ?? {};
  if (typeof pool !== 'string' || pool === '') throw new TypeError('connect(base, {pool, token}): pool is the pool name');
  if (typeof token !== 'string' && typeof token !== 'function') {
    throw new TypeError('connect(base, {pool, token}): token is the ATS token, or a function giving it');
  }
  const doFetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
  const batch = Math.max(1, Math.min(MAX_BATCH, options.batch ?? MAX_BATCH));
  const retryMs = options.retryMs ?? 1000;
  const maxRetryMs = options.maxRetryMs ?? 30000;
  const root = `${String(base).replace(/\/+$/, '')}/pools/${encodeURIComponent(pool)}`;

  /** The pool's listeners (watchStatus), beside the host's onStatus. */
  const watchers = new Set();
  /** After snapshot(): the sequence it covers, where the next load() starts. */
  let resumeAfter = 0;
  /** The last sequence a load() reached (the pool holds every event to it); null before one succeeds. */
  let loadedTo = null;
  /** Whether a load() failed while none had succeeded. */
  let loadFailed = false;
  /** Streams that started at a head they read before any load() ended, by that head (see subscribe()). */
  const unanchored = new Map();
  /** Events waiting for the server's answer, by id, in the order they were given. */
  const outbox = new Map();
  /** Callers of append() waiting for ids: {ids: Set, resolve, reject}. */
  let waiters = [];
  /** Events per POST now: halved after a 413, `batch` again once the outbox is empty. */
  let size = batch;
  let flushing = null;
  let timer = null;
  let delay = retryMs;
  let online = true;
  let lastError = null;
  let status = { state: 'synced', pending: 0, error: null };

  function setStatus() {
    const next = {
      state: outbox.size === 0 ? 'synced' : online ? 'waiting' : 'offline',
      pending: outbox.size,
      error: lastError,
    };
    if (next.state === status.state && next.pending === status.pending && next.error === status.error) return;
    status = next;
    for (const listener of [onStatus, ...watchers]) {
      try {
        listener?.(status);
      } catch {
        // a listener's failure is its own business
      }
    }
  }

  async function headers(extra = {}) {
    const jwt = typeof token === 'function' ? await token() : token;
    return { Authorization: `Bearer ${jwt}`, ...extra };
  }

  async function failure(response) {
    let error = null;
    try {
      error = (await response.json())?.error ?? null;
    } catch {
      // not JSON
    }
    const e = new Error(error?.message || `the sync server answered HTTP ${response.status}`);
    e.code = error?.code || 'host_failed';
    e.status = response.status;
    e.path = error?.path || '';
    return e;
  }

  /** Settles the append() callers whose events all have an answer (or failed for good). */
  function settle(failed = null, ids = []) {
    const done = [];
    waiters = waiters.filter((w) => {
      if (failed && ids.some((id) => w.ids.has(id))) {
        w.reject(failed);
        return false;
      }
      for (const id of w.ids) if (outbox.has(id)) return true;
      done.push(w);
      return false;
    });
    for (const w of done) w.resolve();
  }

  /**
   * Sends what waits, a batch per POST, until the outbox is empty or the server fails. A batch
   * mixes the events of many append() calls: a refusal that names one event of it (its path
   * /events/N) drops that event only, and the rest is sent again; a body too large for the
   * server (413) is sent again in halves. Only a refusal of the request as a whole (a pool or a
   * role the token does not grant, a malformed request) drops the whole batch.
   */
  function flush() {
    if (flushing) return flushing;
    clearTimeout(timer);
    timer = null;
    flushing = (async () => {
      try {
        while (outbox.size > 0) {
          const events = [...outbox.values()].slice(0, size);
          const response = await doFetch(`${root}/events`, {
            method: 'POST',
            headers: await headers({ 'Content-Type': 'application/json' }),
            body: JSON.stringify({ events }),
          });
          if (!response.ok) {
            const error = await failure(response);
            if (response.status === 413 && events.length > 1) {
              // too many events or too many bytes for one request: the same events in halves
              size = Math.max(1, Math.floor(events.length / 2));
              continue;
            }
            // refused (a viewer's write, another actor, an erasure the role may not make, a
            // malformed request): sending the same again cannot help
            if (response.status >= 400 && response.status < 500 && response.status !== 401 && response.status !== 408 && response.status !== 429) {
              // about one event of the batch (its path /events/N/...): that event only, the
              // error's path then within it as in a verdict; else the whole batch
              const one = /^\/events\/(\d+)(\/.*)?$/.exec(error.path);
              const at = one && Number(one[1]) < events.length ? Number(one[1]) : -1;
              const refused = at >= 0 ? [events[at]] : events;
              const path = at >= 0 ? (one[2] ?? '') : error.path;
              const ids = refused.map((e) => e.id);
              for (const id of ids) outbox.delete(id);
              lastError = { code: error.code, message: error.message };
              notifyRefused(refused.map((e) => ({ id: e.id, status: 'refused', error: { code: error.code, message: error.message, path } })));
              settle(error, ids);
              setStatus();
              continue;
            }
            throw error;
          }
          const { verdicts } = await response.json();
          const refused = [];
          for (const verdict of verdicts) {
            outbox.delete(verdict.id);
            if (verdict.status === 'refused') refused.push(verdict);
          }
          // an answer without a verdict for an event (never expected): it is not sent forever
          for (const e of events) outbox.delete(e.id);
          if (refused.length > 0) notifyRefused(refused);
          online = true;
          lastError = null;
          delay = retryMs;
          settle();
          setStatus();
        }
        // all sent: the next batch may be as large as allowed again
        size = batch;
      } catch (error) {
        online = typeof navigator === 'object' && navigator && navigator.onLine === false ? false : online;
        lastError = { code: error.code || 'host_failed', message: error.message || String(error) };
        const waiting = waiters;
        waiters = [];
        for (const w of waiting) w.reject(error);
        scheduleRetry();
        setStatus();
      } finally {
        flushing = null;
      }
    })();
    return flushing;
  }

  /** Where a new stream starts: the last sequence a load() reached; 0 when load() failed and none succeeded; null when none has ended. */
  function streamStart() {
    if (loadedTo !== null) return loadedTo;
    return loadFailed ? 0 : null;
  }

  function notifyRefused(verdicts) {
    try {
      onRefused?.(verdicts);
    } catch {
      // the host's listener is its own business
    }
  }

  function scheduleRetry() {
    if (timer || outbox.size === 0 || closed) return;
    const wait = delay;
    delay = Math.min(maxRetryMs, delay * 2);
    timer = setTimeout(() => {
      timer = null;
      flush();
    }, wait * (0.75 + Math.random() * 0.5));
  }

  let closed = false;
  const onOnline = () => {
    online = true;
    delay = retryMs;
    flush();
  };
  const onOffline = () => {
    online = false;
    setStatus();
  };
  if (typeof addEventListener === 'function') {
    addEventListener('online', onOnline);
    addEventListener('offline', onOffline);
  }

  const adapter = {
    /** Every event the server holds for the pool (pages of PAGE events). */
    async load() {
      try {
        const all = [];
        // right after snapshot(): only what came after it (the pool holds the rest from it)
        let after = resumeAfter;
        resumeAfter = 0;
        let reached = after;
        for (;;) {
          const response = await doFetch(`${root}/events?after=${after}&limit=${PAGE}`, { headers: await headers() });
          if (!response.ok) throw await failure(response);
          const page = await response.json();
          all.push(...page.events);
          reached = page.last;
          if (page.events.length === 0 || page.last >= page.head) break;
          after = page.last;
        }
        // where a new stream starts; a stream that started at a head read before any load()
        // ended is covered to where this one reached: from there, if it started beyond
        loadedTo = Math.max(loadedTo ?? 0, reached);
        for (const [stream, head] of unanchored) if (head > reached) stream.rewind(reached);
        unanchored.clear();
        // the server answers: whatever waited may go now
        if (outbox.size > 0) flush();
        return all;
      } catch (error) {
        if (loadedTo === null) {
          // nothing loaded: a stream must not start at a head, the events before it would never
          // be fetched (the pool loads only as it opens); streams that did start again from 0
          loadFailed = true;
          for (const stream of unanchored.keys()) stream.rewind(0);
          unanchored.clear();
        }
        throw error;
      }
    },

    /**
     * Sends events; resolves once the server has answered for every one of them (accepted,
     * a duplicate, or refused for good: onRefused hears those). Rejects when the server cannot
     * be reached; the events then wait here and are sent again by themselves.
     */
    append(events) {
      if (!Array.isArray(events)) return Promise.reject(new TypeError('append(events) takes an array of events'));
      const ids = new Set();
      for (const event of events) {
        if (!event || typeof event.id !== 'string') continue;
        outbox.set(event.id, event);
        ids.add(event.id);
      }
      setStatus();
      if (ids.size === 0) return Promise.resolve();
      const answered = new Promise((resolve, reject) => waiters.push({ ids, resolve, reject }));
      flush();
      return answered;
    },

    /** Follows the pool's stream; returns the function that stops it. */
    subscribe(receive) {
      let stopped = false;
      let controller = null;
      let lastId = null;
      let wait = retryMs;
      let rewound = false;
      const stream = {
        /** Starts again after `seq` (what load() reached: see load()). */
        rewind(seq) {
          lastId = String(seq);
          rewound = true;
          controller?.abort();
        },
      };
      (async () => {
        while (!stopped) {
          controller = new AbortController();
          rewound = false;
          try {
            if (lastId === null) {
              // The stream starts where load() left off (what came before is load()'s: the pool
              // calls it when it opens); from 0 when load() failed and none succeeded, so that
              // nothing is missed when the server comes back.
              let start = streamStart();
              if (start === null) {
                // no load() has ended yet (the pool subscribes before it loads; a host may never
                // load): the head now, until a load() ends: one that reached it covers what
                // came before, one that did not sends the stream back to where it did (to 0
                // when it failed)
                const first = await doFetch(`${root}/events?limit=1&after=${Number.MAX_SAFE_INTEGER}`, { headers: await headers() });
                if (!first.ok) throw await failure(first);
                const { head } = await first.json();
                if (stopped) return;
                start = streamStart(); // a load() that ended meanwhile decides
                if (start === null) unanchored.set(stream, head);
                start ??= head;
              }
              lastId = String(start);
            }
            const extra = { 'Last-Event-ID': lastId };
            const url = `${root}/stream`;
            const response = await doFetch(url, { headers: await headers({ Accept: 'text/event-stream', ...extra }), signal: controller.signal });
            if (!response.ok) throw await failure(response);
            wait = retryMs;
            // connected again: what waited goes now
            online = true;
            if (outbox.size > 0) flush();
            const reader = response.body.getReader();
            const decoder = new TextDecoder();
            let buffer = '';
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              buffer += decoder.decode(value, { stream: true });
              let end;
              while ((end = buffer.indexOf('\n\n')) >= 0) {
                const block = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                let id = null;
                let data = '';
                for (const line of block.split('\n')) {
                  if (line.startsWith('id:')) id = line.slice(3).trim();
                  else if (line.startsWith('data:')) data += line.slice(5).trimStart();
                }
                if (!data) continue;
                const events = JSON.parse(data);
                if (id !== null && !rewound) lastId = id;
                if (!stopped) receive(events);
              }
            }
          } catch (error) {
            if (stopped) return;
            if (rewound) continue; // sent back by a load() (see rewind()): again now
            lastError = { code: error.code || 'host_failed', message: error.message || String(error) };
            setStatus();
          }
          if (stopped) return;
          await new Promise((r) => setTimeout(r, wait * (0.75 + Math.random() * 0.5)));
          wait = Math.min(maxRetryMs, wait * 2);
        }
      })();
      return () => {
        stopped = true;
        unanchored.delete(stream);
        controller?.abort();
      };
    },

    /**
     * The pool's compacted state from the server (GET .../snapshot): `{snapshot, seq}`, the
     * core's binary snapshot (a Uint8Array; with `{binary: false}` the snapshot document as
     * JSON text) and the sequence it covers. The next load() then gives only the events after
     * it. A new browser opens a large pool from it instead of replaying the whole log.
     */
    async snapshot({ binary = true } = {}) {
      const accept = binary ? 'application/octet-stream, application/json;q=0.5' : 'application/json';
      const response = await doFetch(`${root}/snapshot`, { headers: await headers({ Accept: accept }) });
      if (!response.ok) throw await failure(response);
      if (/^application\/octet-stream/.test(response.headers.get('content-type') ?? '')) {
        const seq = Number(response.headers.get('runnerup-seq'));
        if (!Number.isSafeInteger(seq) || seq < 0) throw new Error('the server sent a binary snapshot without its sequence (RunnerUp-Seq)');
        const snapshot = new Uint8Array(await response.arrayBuffer());
        resumeAfter = seq;
        return { snapshot, seq };
      }
      const text = await response.text();
      // {"seq":N,"snapshot":{...}}: the document is handed on as text, never parsed here
      const m = /^\{"seq":(\d+),"snapshot":/.exec(text);
      let seq;
      let snapshot;
      if (m && text.endsWith('}')) {
        seq = Number(m[1]);
        snapshot = text.slice(m[0].length, -1);
      } else {
        ({ seq, snapshot } = JSON.parse(text));
      }
      resumeAfter = seq;
      return { snapshot, seq };
    },

    /** Calls `listener(status)` on every change of status; returns the function that stops it. */
    watchStatus(listener) {
      if (typeof listener !== 'function') throw new TypeError('watchStatus(listener) takes a function');
      watchers.add(listener);
      return () => watchers.delete(listener);
    },

    /** {state: 'synced' | 'waiting' | 'offline', pending, error} */
    get status() {
      return status;
    },

    /** Sends what waits now (also done by itself). */
    flush,

    /** Stops the retries and the online/offline listeners. */
    close() {
      closed = true;
      clearTimeout(timer);
      if (typeof removeEventListener === 'function') {
        removeEventListener('online', onOnline);
        removeEventListener('offline', onOffline);
      }
    },
  };
  return adapter;
}
