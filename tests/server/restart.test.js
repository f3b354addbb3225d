// PostgreSQL dies under a running server: pushes are refused as unavailable (nothing stored,
// nothing acknowledged) while it is away, and once it is back the server's connections and its
// LISTEN come back by themselves: pushes are stored and a client's stream carries them again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { killCluster, startCluster } from '../../scripts/pg.mjs';
import { connect } from '../../web/src/connect.js';
import { api, push, startAll, token, until as poll } from './helpers.js';

const until = (check, what) => poll(check, what, { tries: 600, everyMs: 50 });

let all;
before(async () => {
  all = await startAll();
});
after(async () => {
  await all?.close();
});

const event = (n) => ({ id: `e-${n}`, actor: 'erin', at: '2026-11-22T10:00:00Z', clock: n, type: 'candidate.saved', data: { candidate: { id: `c-${n}`, name: `Person ${n}` } } });


test('after PostgreSQL is killed and started again, pushes are stored and streams carry them without restarting the server', async () => {
  const jwt = await token('erin', { back: 'recruiter' });
  const received = [];
  const host = connect(`${all.url}/v1`, { pool: 'back', token: jwt, retryMs: 100, maxRetryMs: 500 });
  const stop = host.subscribe((events) => received.push(...events.map((e) => e.id)));
  try {
    assert.equal((await push(all.url, 'back', jwt, [event(1)])).status, 200);
    await until(() => received.includes('e-1'), 'the first event on the stream');

    killCluster(all.cluster.dir);
    await until(async () => (await push(all.url, 'back', jwt, [event(2)])).status === 503, 'pushes to be refused while PostgreSQL is away');
    for (let attempt = 0; ; attempt += 1) {
      await new Promise((r) => setTimeout(r, 300));
      try {
        await startCluster({ dir: all.cluster.dir, port: all.cluster.port });
        break;
      } catch (error) {
        if (attempt > 30) throw error;
      }
    }
    await until(async () => (await push(all.url, 'back', jwt, [event(2)])).status === 200, 'pushes to be stored again');
    await until(() => received.includes('e-2'), 'the stream to carry the event pushed after the restart');
    const { json } = await api(`${all.url}/v1/pools/back/events`, jwt);
    assert.deepEqual(json.events.map((e) => e.id), ['e-1', 'e-2']);
    assert.equal(json.head, 2);
  } finally {
    stop();
    host.close();
  }
});
