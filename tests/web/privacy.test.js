// Data protection through the facade, against the real wasm core: erasure rewrites storage,
// survives a crash between its two writes, reaches other tabs; access export and audit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPool } from '../../web/src/pool.js';
import { memoryStorage } from '../../web/src/storage.js';
import { ana, runnerUp, seed, staff, wasmBinary } from './helpers.js';

const ANA_TEXTS = ['Ana Núñez', 'ana.nunez@example.com', '+44 7700 900123', 'Secret note about Ana', 'Ana feedback text'];

async function poolWithAna(storage, name = `privacy-${Math.random()}`) {
  const pool = await openPool({ name, actor: 'alice', storage, wasmBinary, sync: false });
  await seed(pool);
  await pool.record({
    type: 'saveCandidate',
    candidate: { ...ana, emails: ['ana.nunez@example.com'], phones: ['+44 7700 900123'] },
  });
  await pool.record(runnerUp(ana.id, { note: 'Secret note about Ana' }));
  await pool.record({ type: 'giveFeedback', feedback: { candidateId: ana.id, channel: 'phone', summary: 'Ana feedback text' } });
  return pool;
}

function assertNoTrace(text, where) {
  for (const t of ANA_TEXTS) assert.ok(!text.includes(t), `${t} is still in ${where}`);
}

test('erasing a person overwrites every stored event about them and tells the host', async () => {
  const storage = memoryStorage();
  const pool = await poolWithAna(storage);
  assert.ok(JSON.stringify(storage.events).includes('Ana Núñez'));
  const told = [];
  pool.addEventListener('erasure', (e) => told.push(e.detail.candidateIds));
  await pool.erase(ana.id);
  assertNoTrace(JSON.stringify(storage.events), 'storage');
  assertNoTrace(JSON.stringify(pool.exportLog()), 'the log');
  assert.deepEqual(told, [[ana.id]]);
  // The anonymous outcome is still counted.
  const insights = pool.query({ type: 'insights', today: '2026-11-22' });
  assert.equal(insights.reasons.reduce((n, r) => n + r.count, 0), 1);
  pool.dispose();
});

test('an erasure stored before a crash is completed when the pool opens again', async () => {
  const first = await poolWithAna(memoryStorage());
  const erasure = first.exportLog().events.at(-1);
  const events = first.exportLog().events;
  first.dispose();
  // The crash: the erasure event reached storage, the rewrite of the older events did not.
  const crashed = memoryStorage([
    ...events,
    { id: 'erase-1.0', actor: 'alice', at: erasure.at, clock: erasure.clock + 1, type: 'person.erased',
      data: { candidateId: ana.id, reason: 'request' } },
  ]);
  assert.ok(JSON.stringify(crashed.events).includes('Ana feedback text'));
  const reopened = await openPool({ name: 'crash', actor: 'alice', storage: crashed, wasmBinary, sync: false });
  assertNoTrace(JSON.stringify(crashed.events), 'storage after reopening');
  reopened.dispose();
});

test('an erasure in one tab reaches the other tabs of the pool', async () => {
  const shared = memoryStorage();
  const name = `tabs-${Math.random()}`;
  const left = await poolWithAna(shared, name);
  left.dispose();
  const a = await openPool({ name, actor: 'alice', storage: shared, wasmBinary });
  const b = await openPool({ name, actor: 'bob', storage: shared, wasmBinary });
  const changed = new Promise((resolve) => b.addEventListener('change', (e) => resolve(e.detail), { once: true }));
  await a.erase(ana.id);
  const detail = await changed;
  assert.equal(detail.remote, true);
  assertNoTrace(JSON.stringify(b.exportLog()), "the other tab's pool");
  assert.equal(b.list().entries.length, 0);
  a.dispose();
  b.dispose();
});

test('an access export holds everything about the person and is audited without personal data', async () => {
  const pool = await poolWithAna(memoryStorage());
  const doc = await pool.accessExport(ana.id, '2026-11-22');
  assert.equal(doc.format, 'runnerup.access-export');
  const text = JSON.stringify(doc);
  for (const t of ANA_TEXTS) assert.ok(text.includes(t), `${t} missing from the access export`);
  await pool.erase(ana.id);
  const audit = pool.query({ type: 'audit' }).entries;
  assert.deepEqual(audit.map((e) => [e.type, e.by]), [['access_exported', 'alice'], ['erased', 'alice']]);
  assertNoTrace(JSON.stringify(audit), 'the audit');
  await assert.rejects(pool.accessExport(ana.id), { code: 'conflict' });
  pool.dispose();
});

test('with automatic erasure chosen, people past retention are erased when the pool opens', async () => {
  const storage = memoryStorage();
  const pool = await poolWithAna(storage);
  await pool.record({ type: 'setRetentionPolicy', candidateId: ana.id, policy: 'nl' }); // 1 month
  pool.dispose();
  // Without automatic erasure, opening two months later only lists them as expired.
  const later = () => new Date(Date.now() + 62 * 86400e3);
  const queued = await openPool({ name: 'auto', actor: 'alice', storage, wasmBinary, sync: false, now: later });
  const today = later().toISOString().slice(0, 10);
  assert.equal(queued.query({ type: 'retention', today }).expired.length, 1);
  assert.ok(JSON.stringify(storage.events).includes('Ana Núñez'));
  await queued.record({ type: 'changeSettings', settings: { autoErase: true } });
  queued.dispose();
  const reopened = await openPool({ name: 'auto', actor: 'alice', storage, wasmBinary, sync: false, now: later });
  assert.equal(reopened.query({ type: 'retention', today }).expired.length, 0);
  assertNoTrace(JSON.stringify(storage.events), 'storage after automatic erasure');
  assert.equal(reopened.query({ type: 'audit' }).entries.at(-1).detail, 'retention_expired');
  reopened.dispose();
});
