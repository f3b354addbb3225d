// The sync server's HTTP API (docs/SERVER.md), on plain node:http:
//
//   POST /v1/pools/{pool}/events          {"events":[...]} -> {"head", "verdicts":[{id, status, seq?, error?}]}
//   GET  /v1/pools/{pool}/events?after=SEQ&limit=N -> {"head", "last", "events":[...]}
//   GET  /v1/pools/{pool}/stream?after=SEQ -> Server-Sent Events, `id:` the sequence (Last-Event-ID resumes)
//   GET  /v1/pools/{pool}/snapshot        -> {"seq", "snapshot"}; with Accept: application/octet-stream
//                                            the binary snapshot, its sequence in RunnerUp-Seq
//
// Every request carries the ATS's token (server/auth.js). Instances keep nothing that another
// instance needs: PostgreSQL orders and stores, and its notifications (LISTEN/NOTIFY) tell every
// instance's streams that a pool moved on.
import { createServer } from 'node:http';
import pg from 'pg';
import { Refusal, assertMayWrite, makeVerifier, roleIn } from './auth.js';
import { CHANNEL, Store } from './store.js';

/** The most events one POST may carry (the widget sends at most 2,000 per call). */
const MAX_EVENTS_PER_PUSH = 2000;
/** The largest request body, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Events per page of GET events (and per message of a stream catching up). */
const DEFAULT_LIMIT = 1000;
const MAX_LIMIT = 10000;
const KEEP_ALIVE_MS = 15000;

const POOL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Starts the API's handler over a PostgreSQL database.
 * @param {{databaseUrl: string, wasmBinary: Uint8Array, secret?: string, publicKey?: string, prefix?: string}} options
 * @returns {Promise<{handle: (req: any, res: any) => Promise<boolean>, store: Store, close: () => Promise<void>}>}
 */
async function createSyncApi({ databaseUrl, wasmBinary, secret, publicKey, prefix = '/v1' }) {
  const verify = makeVerifier({ secret, publicKey });
  const db = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  db.on('error', () => {}); // an idle client's lost connection: the next query reconnects
  const store = new Store(db, wasmBinary);
  await store.migrate();
  const streams = new Streams(databaseUrl, store);
  await streams.start();

  async function handle(req, res) {
    const url = new URL(req.url, 'http://localhost');
    if (!url.pathname.startsWith(`${prefix}/`)) return false;
    try {
      const m = /^\/pools\/([^/]+)\/(events|stream|snapshot)$/.exec(url.pathname.slice(prefix.length));
      if (!m) throw new Refusal(404, 'not_found', `no such route: ${req.method} ${url.pathname}`);
      let pool;
      try {
        pool = decodeURIComponent(m[1]);
      } catch {
        pool = '';
      }
      if (!POOL_NAME.test(pool)) {
        throw new Refusal(400, 'invalid_field', 'a pool name is 1-100 letters, digits, dots, dashes or underscores', '/pool');
      }
      const route = `${req.method} ${m[2]}`;
      const allowed = { events: 'GET, POST', stream: 'GET', snapshot: 'GET' }[m[2]];
      if (!allowed.split(', ').includes(req.method)) {
        res.setHeader('Allow', allowed);
        throw new Refusal(405, 'method_not_allowed', `${m[2]} answers ${allowed}`);
      }
      const claims = await verify(req.headers.authorization);
      const role = roleIn(claims, pool);
      if (route === 'POST events') await push(req, res, pool, claims, role);
      else if (route === 'GET events') await pull(res, pool, url);
      // a reconnecting EventSource asks for its first URL again with Last-Event-ID: that wins
      else if (route === 'GET stream') await streams.open(req, res, pool, cursor(req.headers['last-event-id'] ?? url.searchParams.get('after')));
      else await snapshot(req, res, pool);
    } catch (error) {
      if (error instanceof Refusal) send(res, error.status, { error: { code: error.code, message: error.message, path: error.path } });
      else {
        console.error(`runnerup server: ${req.method} ${url.pathname}:`, error);
        send(res, 503, { error: { code: 'unavailable', message: 'the pool could not be reached: nothing of this request was stored; try again' } });
      }
    }
    return true;
  }

  async function push(req, res, pool, claims, role) {
    const body = await readBody(req);
    let parsed;
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      throw new Refusal(400, 'malformed_json', `the request body is not valid JSON: ${error.message}`);
    }
    const events = parsed?.events;
    if (!Array.isArray(events)) throw new Refusal(400, 'invalid_field', 'the body is {"events":[...]}', '/events');
    if (events.length > MAX_EVENTS_PER_PUSH) {
      throw new Refusal(413, 'too_many_events', `at most ${MAX_EVENTS_PER_PUSH} events per request; this one has ${events.length}`, '/events');
    }
    assertMayWrite(claims, role, events);
    const { head, verdicts } = await store.push(pool, events);
    send(res, 200, { head, verdicts });
  }

  async function pull(res, pool, url) {
    const after = cursor(url.searchParams.get('after'));
    const limitText = url.searchParams.get('limit');
    const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new Refusal(400, 'invalid_field', `limit is a whole number from 1 to ${MAX_LIMIT}`, '/limit');
    }
    const { head, events } = await store.read(pool, after, limit);
    const last = events.length > 0 ? events[events.length - 1].seq : after;
    // the stored bodies are the core's JSON: written as they are
    const text = `{"head":${head},"last":${last},"events":[${events.map((e) => e.body).join(',')}]}`;
    sendText(res, 200, text);
  }

  async function snapshot(req, res, pool) {
    // the binary form when asked for it (connect() does), with the sequence in a header
    if (/\bapplication\/octet-stream\b/.test(req.headers.accept ?? '')) {
      const { seq, bytes } = await store.snapshot(pool, { binary: true });
      if (res.headersSent) return res.end();
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': bytes.length,
        'Cache-Control': 'no-store',
        'RunnerUp-Seq': String(seq),
        'Vary': 'Accept',
      });
      res.end(bytes);
      return;
    }
    const { seq, text } = await store.snapshot(pool);
    sendText(res, 200, `{"seq":${seq},"snapshot":${text}}`);
  }

  async function close() {
    await streams.stop();
    store.close();
    await db.end();
  }

  return { handle, store, close };
}

/**
 * Starts an HTTP server answering the API (and `fallback` for anything else).
 * @returns {Promise<{url: string, port: number, server: import('node:http').Server, close: () => Promise<void>}>}
 */
export async function startSyncServer({ port = 0, host = '127.0.0.1', fallback, ...options }) {
  const api = await createSyncApi(options);
  const server = createServer(async (req, res) => {
    if (await api.handle(req, res)) return;
    if (fallback) return fallback(req, res);
    send(res, 404, { error: { code: 'not_found', message: `no such route: ${req.method} ${req.url}` } });
  });
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolveListen);
  });
  const bound = server.address().port;
  return {
    url: `http://${host}:${bound}`,
    port: bound,
    server,
    api,
    async close() {
      await api.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((r) => server.close(() => r()));
    },
  };
}

/** The live streams of this instance: SSE responses woken by PostgreSQL's notifications. */
class Streams {
  #url;
  #store;
  #listener = null;
  #stopped = false;
  /** @type {Map<string, Set<{res: any, seq: number, busy: boolean, again: boolean}>>} */
  #byPool = new Map();
  #retry = null;

  constructor(url, store) {
    this.#url = url;
    this.#store = store;
  }

  async start() {
    await this.#listen();
  }

  async #listen() {
    const client = new pg.Client({ connectionString: this.#url });
    client.on('notification', (message) => this.#wake(message.payload));
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.#listener = client;
    // events may have been stored while no one listened: every stream looks again
    for (const pool of this.#byPool.keys()) this.#wake(pool);
  }

  #lost(client) {
    if (this.#listener !== client || this.#stopped) return;
    this.#listener = null;
    client.end().catch(() => {});
    const again = (delay) => {
      this.#retry = setTimeout(() => {
        this.#listen().catch(() => again(Math.min(delay * 2, 5000)));
      }, delay);
    };
    again(200);
  }

  async open(req, res, pool, after) {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 1000\n\n');
    const sub = { res, seq: after, busy: false, again: false };
    if (!this.#byPool.has(pool)) this.#byPool.set(pool, new Set());
    this.#byPool.get(pool).add(sub);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    const done = () => {
      clearInterval(keepAlive);
      const set = this.#byPool.get(pool);
      set?.delete(sub);
      if (set?.size === 0) this.#byPool.delete(pool);
    };
    req.on('close', done);
    res.on('error', done);
    await this.#drain(pool, sub);
  }

  #wake(pool) {
    for (const sub of this.#byPool.get(pool) ?? []) this.#drain(pool, sub);
  }

  /** Sends a stream everything after its cursor, one message per page; `id:` is the last seq. */
  async #drain(pool, sub) {
    if (sub.busy) {
      sub.again = true;
      return;
    }
    sub.busy = true;
    try {
      do {
        sub.again = false;
        for (;;) {
          const { events } = await this.#store.read(pool, sub.seq, DEFAULT_LIMIT);
          if (events.length === 0 || sub.res.destroyed) break;
          sub.seq = events[events.length - 1].seq;
          sub.res.write(`id: ${sub.seq}\ndata: [${events.map((e) => e.body).join(',')}]\n\n`);
        }
      } while (sub.again && !sub.res.destroyed);
    } catch {
      // the database is away: the stream ends and the client reconnects with Last-Event-ID
      sub.res.destroy();
    } finally {
      sub.busy = false;
    }
  }

  async stop() {
    this.#stopped = true;
    clearTimeout(this.#retry);
    for (const set of this.#byPool.values()) for (const sub of set) sub.res.end();
    this.#byPool.clear();
    await this.#listener?.end().catch(() => {});
  }
}

function cursor(text) {
  if (text === null || text === undefined || text === '') return 0;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new Refusal(400, 'invalid_field', 'after is a sequence number (0 or more)', '/after');
  return n;
}

function readBody(req) {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      reject(new Refusal(413, 'too_large', `a request body is at most ${MAX_BODY_BYTES} bytes`));
      return;
    }
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Refusal(413, 'too_large', `a request body is at most ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res, status, value) {
  sendText(res, status, JSON.stringify(value));
}

function sendText(res, status, text) {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}
