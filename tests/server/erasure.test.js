// Erasure across the team: an erasure scrubs the person's stored events in its own transaction,
// later events about them are scrubbed on arrival, and once PostgreSQL has vacuumed and
// checkpointed, their texts are in no file of the data directory (read here as bytes).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { api, newCore, push, record, startAll, token } from './helpers.js';

let all;
before(async () => {
  all = await startAll();
});
after(async () => {
  await all?.close();
});

const NAME = 'Zebulon Quixotefield';
const NOTE = 'Rattled by the whiteboard, xylophonic answers';
const LATE = 'Called back about the quokka project';

/** Every file under `dir` that contains `text` (as UTF-8 bytes). */
function filesHolding(dir, text) {
  const needle = Buffer.from(text, 'utf8');
  const found = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      let s;
      try {
        s = statSync(path);
      } catch {
        continue; // removed meanwhile (a WAL segment)
      }
      if (s.isDirectory()) walk(path);
      else if (s.isFile() && readFileSync(path).includes(needle)) found.push(path);
    }
  };
  walk(dir);
  return found;
}

test('an erasure scrubs stored and later events, and after VACUUM and CHECKPOINT no file of the data directory holds the texts', async () => {
  const alice = await newCore();
  const recruiter = await token('alice', { acme: 'recruiter' });
  const privacy = await token('dpo', { acme: 'privacy' });
  const first = record(alice, 'alice', [
    { type: 'saveRequisition', requisition: { id: 'r-1', title: 'Staff engineer', status: 'filled' } },
    { type: 'saveCandidate', candidate: { id: 'c-z', name: NAME, emails: ['zq@example.com'] } },
    { type: 'recordOutcome', outcome: { candidateId: 'c-z', requisitionId: 'r-1', stage: 'final', outcome: 'runner_up', reason: { code: 'other', note: NOTE } } },
  ], 'a');
  // a late touchpoint, recorded before the erasure reached alice's browser
  const late = record(alice, 'alice', [
    { type: 'logTouchpoint', touchpoint: { candidateId: 'c-z', at: '2026-11-21T10:00:00Z', channel: 'email', direction: 'outbound', note: LATE } },
  ], 'late');
  assert.equal((await push(all.url, 'acme', recruiter, first)).status, 200);

  const dpo = await newCore();
  const { json: log } = await api(`${all.url}/v1/pools/acme/events`, privacy);
  dpo.apply(log.events);
  const erasure = record(dpo, 'dpo', [{ type: 'erasePerson', candidateId: 'c-z' }], 'erase');
  const erased = await push(all.url, 'acme', privacy, erasure);
  assert.equal(erased.status, 200, erased.text);
  assert.deepEqual(erased.json.verdicts.map((v) => v.status), ['accepted']);
  const arrived = await push(all.url, 'acme', recruiter, late);
  assert.deepEqual(arrived.json.verdicts.map((v) => v.status), ['accepted']);

  const { text } = await api(`${all.url}/v1/pools/acme/events`, recruiter);
  for (const secret of [NAME, NOTE, LATE, 'zq@example.com']) assert.ok(!text.includes(secret), `the pull still holds "${secret}"`);
  // the original form of an erased event, sent again by a browser that missed the erasure, is
  // the same event: a duplicate, and it does not bring the texts back
  const again = await push(all.url, 'acme', recruiter, first);
  assert.deepEqual(again.json.verdicts.map((v) => v.status), ['duplicate', 'duplicate', 'duplicate']);

  const db = new pg.Client({ connectionString: all.cluster.url });
  await db.connect();
  try {
    const { rows } = await db.query("SELECT count(*)::int AS n FROM events WHERE body LIKE '%Zebulon%' OR body LIKE '%quokka%'");
    assert.equal(rows[0].n, 0);
    await db.query('VACUUM');
    for (let i = 0; i < 2; i += 1) {
      await db.query('SELECT pg_switch_wal()');
      await db.query('CHECKPOINT');
    }
  } finally {
    await db.end();
  }
  for (const secret of [NAME, NOTE, LATE, 'zq@example.com']) {
    assert.deepEqual(filesHolding(all.cluster.dataDir, secret), [], `"${secret}" is still on disk`);
  }
  // and the team's other texts are there: the check can see what it looks for
  assert.notDeepEqual(filesHolding(all.cluster.dataDir, 'Staff engineer'), []);
});
