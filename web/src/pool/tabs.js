// Sharing a pool's new events with its other tabs (BroadcastChannel): what they stored is applied
// here, a step at a time, and what is stored here is sent to them.
import { yieldToPage } from '../tasks.js';
import { RECEIVE_CHUNK, stored } from './internals.js';

const BROADCAST_CHUNK = 1000; // events per message to the pool's other tabs
const BURST_WAIT_MS = 50; // after a full message from another tab, how long to wait for the next before redrawing

/**
 * Listens to the pool's other tabs: they stored their events already; they are applied here too.
 * @param {import('./internals.js').PoolInternals} p
 * @param {BroadcastChannel} channel
 * @param {object[][]} heard what they sent while this tab was loading storage
 */
export function listenToTabs(p, channel, heard) {
  p.channel = channel;
  // What the other tabs send is applied a step at a time (another tab's import of 100,000
  // people is seconds of work that must not freeze this one). Messages that arrive while
  // earlier ones are being applied join them, and the burst is one change: the widget
  // redraws once, not once per message.
  const pending = [];
  let draining = false;
  const receive = (events) => {
    if (p.disposed || !Array.isArray(events)) return;
    pending.push(events);
    if (draining) return;
    draining = true;
    p.enqueue(async () => {
      const burst = [];
      let applied = 0;
      try {
        for (let steps = 0; pending.length > 0; ) {
          const events = pending.shift();
          stored(p, events);
          for (let at = 0; at < events.length; at += RECEIVE_CHUNK) {
            if (steps++ > 0) await yieldToPage();
            if (p.disposed) return;
            applied += p.core.apply(events.length <= RECEIVE_CHUNK ? events : events.slice(at, at + RECEIVE_CHUNK)).applied;
          }
          for (const event of events) burst.push(event);
          // a full message says more are coming (a sender lets its page run between them):
          // wait for them rather than end the burst, and a redraw, after each one
          if (pending.length === 0 && events.length >= BROADCAST_CHUNK) await new Promise((resolve) => setTimeout(resolve, BURST_WAIT_MS));
        }
      } finally {
        draining = false;
      }
      if (applied > 0) p.dispatchEvent(new CustomEvent('change', { detail: { events: burst, remote: true } }));
    });
  };
  // A compaction (compaction.js) first applies what has arrived and waits here, at once: its
  // snapshot must hold what the other tabs stored (they may have dropped it from the tail).
  p.drainHeard = () => {
    if (p.disposed || pending.length === 0) return;
    const burst = [];
    let applied = 0;
    for (const events of pending.splice(0)) {
      stored(p, events);
      applied += p.core.apply(events).applied;
      for (const event of events) burst.push(event);
    }
    if (applied > 0) p.dispatchEvent(new CustomEvent('change', { detail: { events: burst, remote: true } }));
  };
  p.channel.onmessage = (message) => receive(message.data?.events);
  // what other tabs recorded while this one was loading storage (it may or may not be in
  // what was loaded: applying is idempotent)
  for (const events of heard) receive(events);
}

/**
 * Tells the pool's other tabs about events stored here: in messages of BROADCAST_CHUNK events,
 * letting the page breathe between them (cloning a 100k import's 240,000 events into one
 * message is a long task here, and applying them at once would freeze the other tabs).
 */
export async function broadcast(p, events) {
  for (let at = 0; at < events.length; at += BROADCAST_CHUNK) {
    if (at > 0) await yieldToPage();
    if (p.disposed || !p.channel) return;
    p.channel.postMessage({ events: events.length <= BROADCAST_CHUNK ? events : events.slice(at, at + BROADCAST_CHUNK) });
  }
}
