// The host adapter of the demo ATS: the widget keeps its event log in the browser and, through
// this object, in the ATS backend too (scripts/event-backend.mjs serves /api/events). Other
// recruiters' events arrive over a server-sent event stream. Copy it and point it at your API.
//
//   widget.host = httpHostAdapter('/api/events');
export function httpHostAdapter(url) {
  return {
    /** Every event the backend holds. */
    async load() {
      const response = await fetch(url, { headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
      return response.json();
    },
    /** Stores events the backend lacks (it upserts by event id). */
    async append(events) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(events),
      });
      if (!response.ok) throw new Error(`POST ${url}: HTTP ${response.status}`);
      await response.json(); // {stored}: read to the end, so the request is complete
    },
    /** Pushes events other recruiters record; returns the unsubscribe function. */
    subscribe(receive) {
      const source = new EventSource(`${url}/stream`);
      source.onmessage = (message) => receive(JSON.parse(message.data));
      return () => source.close();
    },
  };
}
