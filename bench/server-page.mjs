// The page script of bench/server-browser.mjs (bundled with esbuild): a browser opening its
// team's pool from the sync server through the widget's own code, openPool() with the host
// adapter connect() gives, as an ATS page wires it (README, "Run it for a team").
import { connect } from '../web/src/connect.js';
import { openPool } from '../web/src/pool.js';

const now = () => performance.now();

/**
 * Opens the pool `pool` of the server on this page's origin (/v1) and times it: `openMs` to
 * openPool's answer, `interactiveMs` to the first page of the pool list the widget shows, and
 * `completeMs` to the history behind a snapshot in storage too (pool.whenComplete()).
 * `snapshot: false` hides the adapter's snapshot(), so the pool replays the server's whole log
 * (what a new browser did before the server had snapshots).
 */
window.openFromServer = async ({ pool, token, actor, snapshot = true }) => {
  const t0 = now();
  const adapter = connect('/v1', { pool, token });
  const host = snapshot
    ? adapter
    : {
      load: (...a) => adapter.load(...a),
      append: (...a) => adapter.append(...a),
      subscribe: (...a) => adapter.subscribe(...a),
      watchStatus: (...a) => adapter.watchStatus(...a),
    };
  const opened = await openPool({ name: `server-${pool}`, actor, host, hostTimeoutMs: 600_000 });
  const openMs = now() - t0;
  const page = opened.query({ type: 'pool', limit: 500 });
  const interactiveMs = now() - t0;
  await opened.whenComplete();
  const completeMs = now() - t0;
  const out = { openMs, interactiveMs, completeMs, from: opened.openedFrom, rows: page.total ?? page.entries?.length ?? null };
  opened.dispose();
  return out;
};
