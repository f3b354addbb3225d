// A minimal ATS backend for runner-up events, the other half of the host adapter
// (web/demo/host-adapter.js). The demo server and the end-to-end tests mount it at /api/events:
//
//   GET  /api/events          -> 200, the JSON array of every event held
//   POST /api/events          <- a JSON array of events; upserts by id -> 200 {"stored": n}
//   GET  /api/events/stream   -> text/event-stream; each message is a JSON array of new events
//   GET  /api/candidates, /api/requisitions -> the host's records (from `records`, e.g. the
//                                 demo's fixture.json), as an ATS API would list them
//
// It keeps events in memory, in arrival order (a real ATS keeps them in its database, per
// tenant and pool). It checks only the envelope (an object with a string id); the widget's core
// validates the contents.
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export function createEventBackend({ records = null } = {}) {
  const byId = new Map();
  const streams = new Set();

  function send(res, status, body) {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(text);
  }

  function readBody(req) {
    return new Promise((resolve, reject) => {
      const chunks = [];
      let size = 0;
      req.on('data', (chunk) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          reject(Object.assign(new Error('request body too large'), { status: 413 }));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  return {
    /** Every event held, in arrival order. */
    get events() {
      return [...byId.values()];
    },

    /** Handles /api/events requests; returns false for any other path. */
    async handle(req, res, pathname) {
      if (pathname === '/api/events/stream' && req.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
        res.write(': connected\n\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return true;
      }
      if ((pathname === '/api/candidates' || pathname === '/api/requisitions') && req.method === 'GET') {
        const list = (await records?.())?.[pathname.slice(5)];
        if (!Array.isArray(list)) return false;
        send(res, 200, list);
        return true;
      }
      if (pathname !== '/api/events') return false;
      if (req.method === 'GET') {
        send(res, 200, [...byId.values()]);
        return true;
      }
      if (req.method !== 'POST') {
        res.writeHead(405, { Allow: 'GET, POST', 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('method not allowed\n');
        return true;
      }
      let events;
      try {
        events = JSON.parse(await readBody(req));
      } catch (error) {
        send(res, error.status ?? 400, { error: `the body is not a JSON array of events: ${error.message}` });
        return true;
      }
      if (!Array.isArray(events) || !events.every((e) => e && typeof e === 'object' && typeof e.id === 'string' && e.id !== '')) {
        send(res, 400, { error: 'the body must be a JSON array of events, each with a string "id"' });
        return true;
      }
      for (const event of events) {
        byId.delete(event.id); // an upsert moves the event to the end, like a new arrival
        byId.set(event.id, event);
      }
      send(res, 200, { stored: events.length });
      const message = `data: ${JSON.stringify(events)}\n\n`;
      for (const stream of streams) stream.write(message);
      return true;
    },

    close() {
      for (const stream of streams) stream.end();
      streams.clear();
    },
  };
}
