// The thin wasm layer (web/src/core.js) against the real module.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CorePool, createCorePool, loadCoreModule } from '../../web/src/core.js';
import { RunnerUpError } from '../../web/src/errors.js';
import { AT, ana, wasmBinary } from './helpers.js';

test('the module loads once and is shared', async () => {
  const a = loadCoreModule({ wasmBinary });
  const b = loadCoreModule({ wasmBinary });
  assert.equal(a, b);
  assert.equal(await a, await b);
});

test('propose does not apply; apply does', async () => {
  const core = await createCorePool({ wasmBinary });
  const events = core.propose({ type: 'saveCandidate', candidate: ana }, 'r-1', AT, 'id-1');
  assert.equal(events.length, 1);
  assert.equal(core.exportLog().events.length, 0);
  assert.deepEqual(core.apply(events), { applied: 1, skipped: 0, erased: [] });
  assert.deepEqual(core.apply(events), { applied: 0, skipped: 1, erased: [] }, 'applying the same event twice is a no-op');
  core.dispose();
});

// apply() and attachHistory() write their argument into wasm memory themselves (short text
// encoded in place, long text encoded first, bytes copied): every form must arrive intact,
// astral and combining characters included, and the buffers must be given back.
test('apply takes events as objects, JSON text, long text and UTF-8 bytes, all intact', async () => {
  const M = await loadCoreModule({ wasmBinary });
  const name = 'Zoë 𝒜𝓃𝒶 Nguyễn 陈伟 👩🏽‍💻 e\u0301';
  const make = (core, k) => core.propose({ type: 'saveCandidate', candidate: { ...ana, id: `c-${k}`, name: `${name} ${k}` } }, 'r-1', AT, `id-${k}`);
  const core = await createCorePool({ wasmBinary });
  const forms = [
    (events) => events,
    (events) => JSON.stringify(events),
    (events) => new TextEncoder().encode(JSON.stringify(events)),
  ];
  forms.forEach((form, k) => assert.deepEqual(core.apply(form(make(core, k))), { applied: 1, skipped: 0, erased: [] }));
  // text longer than what is encoded in place (1 MiB): many events with long notes
  const many = [];
  for (let k = 10; k < 400; ++k) many.push(...make(core, k));
  const longText = JSON.stringify(many).replace(/"name":"/g, `"title":"${'x'.repeat(3000)}","name":"`);
  assert.ok(longText.length > 1024 * 1024);
  assert.deepEqual(core.apply(longText), { applied: many.length, skipped: 0, erased: [] });
  const names = core.query({ type: 'candidates' }).candidates.map((c) => c.name);
  for (const k of [0, 1, 2, 10, 399]) assert.ok(names.includes(`${name} ${k}`), `candidate ${k} arrived intact`);
  const heap = M.HEAP8.buffer.byteLength;
  for (let k = 0; k < 50; ++k) assert.deepEqual(core.apply(longText), { applied: 0, skipped: many.length, erased: [] });
  assert.equal(M.HEAP8.buffer.byteLength, heap, 'the buffers are freed: applying the same text again does not grow the heap');
  core.dispose();
});

test('malformed JSON to apply is refused with malformed_json and changes nothing', async () => {
  const core = await createCorePool({ wasmBinary });
  core.apply(core.propose({ type: 'saveCandidate', candidate: ana }, 'r-1', AT, 'id-1'));
  const before = core.exportLog();
  assert.throws(
    () => core.apply('[{"id": "broken"'),
    (e) => e instanceof RunnerUpError && e.code === 'malformed_json' && /JSON/.test(e.message),
  );
  assert.deepEqual(core.exportLog(), before);
  core.dispose();
});

test('an unknown event type is refused with unknown_type, and no event of the batch is applied', async () => {
  const core = await createCorePool({ wasmBinary });
  const good = core.propose({ type: 'saveCandidate', candidate: ana }, 'r-1', AT, 'id-1');
  const bad = { id: 'x-1', actor: 'r-1', at: AT, clock: 9, type: 'pool.exploded', data: {} };
  assert.throws(
    () => core.apply([...good, bad]),
    (e) => e instanceof RunnerUpError && e.code === 'unknown_type' && e.path === '/1/type' && /pool\.exploded/.test(e.message),
  );
  assert.equal(core.exportLog().events.length, 0, 'all or nothing');
  core.dispose();
});

test('snapshot and restore round-trip the state', async () => {
  const core = await createCorePool({ wasmBinary });
  core.apply(core.propose({ type: 'saveCandidate', candidate: ana }, 'r-1', AT, 'id-1'));
  const snapshot = core.snapshot();
  assert.equal(snapshot.format, 'runnerup.snapshot');
  const other = await createCorePool({ wasmBinary });
  other.restore(snapshot);
  assert.deepEqual(other.query({ type: 'candidates' }), core.query({ type: 'candidates' }));
  // the binary form (what storage keeps) restores the same state
  const bytes = core.snapshotBinary();
  assert.ok(bytes instanceof Uint8Array && bytes.length > 0);
  const third = await createCorePool({ wasmBinary });
  third.restore(bytes);
  assert.deepEqual(third.snapshot(), core.snapshot());
  assert.throws(() => third.restore(bytes.slice(0, 20)), (e) => e instanceof RunnerUpError && /cannot be read/.test(e.message));
  core.dispose();
  other.dispose();
  third.dispose();
});

test('a binary snapshot restored in steps is the one restored in one go; the page gets a turn between steps; damage leaves the pool as it was', async () => {
  const core = await createCorePool({ wasmBinary });
  for (let i = 0; i < 200; i++) {
    core.apply(core.propose({ type: 'saveCandidate', candidate: { id: `c-${i}`, name: `Person ${i}`, skills: ['go'] } }, 'r-1', AT, `id-${i}`));
  }
  const bytes = core.snapshotBinary();
  const stepped = await createCorePool({ wasmBinary });
  let pauses = 0;
  const answer = await stepped.restoreInSteps(bytes, async () => {
    pauses++;
    await new Promise((resolve) => setImmediate(resolve));
  }, 50);
  assert.deepEqual(answer, { events: 0 }, 'the log is not in the snapshot: it comes back as history');
  assert.ok(pauses >= 400 / 50, `the page had a turn between steps (${pauses} pauses for 200 ids and 200 people)`);
  assert.deepEqual(stepped.snapshot(), core.snapshot());
  assert.deepEqual(stepped.snapshotBinary(), bytes);
  // a step's work that is no whole number is refused, not cast, and the pool stays as it was
  const refused = await createCorePool({ wasmBinary });
  for (const work of [Number.NaN, -Infinity, 0.5]) {
    await assert.rejects(refused.restoreInSteps(bytes, async () => {}, work), (e) => e instanceof RunnerUpError && e.code === 'invalid_field');
    await assert.rejects(core.snapshotBinaryInSteps(async () => {}, work), (e) => e instanceof RunnerUpError && e.code === 'invalid_field');
  }
  assert.equal(refused.query({ type: 'candidates' }).candidates.length, 0);
  refused.dispose();

  // damaged (a byte of the last person changed): refused once the checksum is taken, and the
  // pool it was restored into keeps what it had
  const damaged = bytes.slice();
  damaged[damaged.length - 5] ^= 0x20;
  const kept = await createCorePool({ wasmBinary });
  kept.apply(kept.propose({ type: 'saveCandidate', candidate: ana }, 'r-1', AT, 'k-1'));
  const before = kept.snapshot();
  await assert.rejects(kept.restoreInSteps(damaged, async () => {}, 50), (e) => e instanceof RunnerUpError && /checksum/.test(e.message));
  assert.deepEqual(kept.snapshot(), before);
  // a JSON snapshot: in one go
  const json = await createCorePool({ wasmBinary });
  await json.restoreInSteps(core.snapshot(), async () => assert.fail('no steps for JSON'));
  assert.deepEqual(json.snapshot(), core.snapshot());
  for (const c of [core, stepped, kept, json]) c.dispose();
});

test('a binary snapshot written in steps is the one written in one go; a change of the pool between steps is a conflict', async () => {
  const core = await createCorePool({ wasmBinary });
  for (let i = 0; i < 200; i++) {
    core.apply(core.propose({ type: 'saveCandidate', candidate: { id: `c-${i}`, name: `Person ${i}` } }, 'r-1', AT, `id-${i}`));
  }
  let pauses = 0;
  const bytes = await core.snapshotBinaryInSteps(async () => {
    pauses++;
  }, 50);
  assert.ok(pauses >= 400 / 50, `the page had a turn between steps (${pauses})`);
  assert.deepEqual(bytes, core.snapshotBinary());
  let changed = false;
  await assert.rejects(
    core.snapshotBinaryInSteps(async () => {
      if (changed) return;
      changed = true;
      core.apply(core.propose({ type: 'saveCandidate', candidate: ana }, 'r-1', AT, 'late'));
    }, 50),
    (e) => e instanceof RunnerUpError && e.code === 'conflict' && /changed/.test(e.message),
  );
  const again = await core.snapshotBinaryInSteps(async () => {}, 50);
  const other = await createCorePool({ wasmBinary });
  other.restore(again);
  assert.deepEqual(other.snapshot(), core.snapshot(), 'started again, it holds the change');
  core.dispose();
  other.dispose();
});

test('the history given back after a binary restore ends a step at a time as it ends in one go', async () => {
  const core = await createCorePool({ wasmBinary });
  for (let i = 0; i < 60; i++) {
    core.apply(core.propose({ type: 'saveCandidate', candidate: { id: `c-${i}`, name: `Person ${i}` } }, 'r-1', AT, `id-${i}`));
  }
  const bytes = core.snapshotBinary();
  const log = core.exportLog().events;
  const stepped = await createCorePool({ wasmBinary });
  stepped.restore(bytes);
  stepped.attachHistory([...log].reverse());
  let steps = 0;
  let step;
  while (!(step = stepped.finishHistoryStep(7)).done) {
    steps++;
    assert.equal(stepped.exportLog().events.length, 0, 'nothing shows before the last step');
  }
  assert.ok(steps >= 60 / 7, `${steps} steps`);
  assert.deepEqual(step, { done: true, missing: 0, complete: true });
  assert.deepEqual(stepped.exportLog(), core.exportLog());
  // a step's work that is no whole number is refused, not cast
  for (const work of [Number.NaN, Infinity, 0, 2.5]) {
    assert.throws(() => stepped.finishHistoryStep(work), (e) => e instanceof RunnerUpError && e.code === 'invalid_field', String(work));
  }
  core.dispose();
  stepped.dispose();
});

test('dispose is idempotent; use after dispose throws "disposed"', async () => {
  const core = await createCorePool({ wasmBinary });
  core.dispose();
  core.dispose();
  assert.equal(core.disposed, true);
  for (const call of [
    () => core.query({ type: 'pool' }),
    () => core.apply([]),
    () => core.propose({ type: 'saveCandidate', candidate: ana }, 'r-1', AT, 'id-1'),
    () => core.exportLog(),
    () => core.snapshot(),
    () => core.snapshotBinary(),
  ]) {
    assert.throws(call, (e) => e instanceof RunnerUpError && e.code === 'disposed');
  }
});

test('disposed pools give their wasm memory back (and undisposed ones do not)', async () => {
  // Probe the allocator with a block too large for any free hole, so it lands at the top of the
  // heap: between two probes the top moves by the probe's size plus whatever leaked. The second
  // half shows the probe can see a leak (about 0.8 KB per undisposed pool).
  const M = await loadCoreModule({ wasmBinary });
  const PROBE = 1 << 18;
  const cycle = async (dispose) => {
    const before = M._malloc(PROBE);
    for (let i = 0; i < 300; i++) {
      const core = await createCorePool({ wasmBinary });
      core.apply(core.propose({ type: 'saveCandidate', candidate: ana }, 'r-1', AT, `id-${i}`));
      if (dispose) core.dispose();
    }
    return M._malloc(PROBE) - before - PROBE;
  };
  await cycle(true); // warm-up
  const disposed = await cycle(true);
  assert.ok(disposed < 16 * 1024, `the heap grew by ${disposed} bytes over 300 disposed pools`);
  const leaked = await cycle(false);
  assert.ok(leaked > 100 * 1024, `the probe should notice 300 undisposed pools (saw ${leaked} bytes)`);
});

test('a number that is not a whole number in range is refused at the boundary, naming what it was for', async () => {
  const core = await createCorePool({ wasmBinary });
  try {
    for (const n of [Number.NaN, -1, 0.5, Number.POSITIVE_INFINITY]) {
      assert.throws(() => core.commit(n), (e) => e instanceof RunnerUpError && e.code === 'invalid_field' && /proposal's number/.test(e.message), String(n));
    }
    assert.throws(() => core.setUtcOffset(Number.NaN), (e) => e.code === 'invalid_field' && /UTC offset/.test(e.message));
    // a number the core never gave is the core's refusal, not the boundary's
    assert.throws(() => core.commit(12345), (e) => e.code === 'conflict');
  } finally {
    core.dispose();
  }
});

test("subjects() answers whom each event is about, as the core decides; a malformed event is refused", async () => {
  const core = await createCorePool({ wasmBinary });
  const events = [
    ...core.propose({ type: 'saveRequisition', requisition: { id: 'r-1', title: 'Staff engineer', requiredSkills: ['go'] } }, 'r-1', AT, 'id-r'),
    ...core.propose({ type: 'saveCandidate', candidate: ana }, 'r-1', AT, 'id-a'),
  ];
  core.apply(events);
  const outcome = core.propose({ type: 'recordOutcome', outcome: { candidateId: ana.id, requisitionId: 'r-1', stage: 'final', outcome: 'runner_up', reason: { code: 'timing' } } }, 'r-1', AT, 'id-o');
  assert.deepEqual(core.subjects([...events, ...outcome]), ['', ana.id, ...outcome.map(() => ana.id)]);
  assert.deepEqual(core.subjects([]), []);
  assert.throws(() => core.subjects([{ id: 'x', type: 'candidate.saved' }]), (e) => e instanceof RunnerUpError && e.path.startsWith('/0'));
  core.dispose();
});

// Above 2 GB of wasm memory an address no longer fits a signed 32-bit number: malloc's answer
// read as one is negative, and copying an argument there failed ("offset is out of bounds", the
// 1M bench pool in node). A module of its own: its first 2 GB taken (never written), a 20 MB
// argument lands above them.
test('an argument is copied in above 2 GB of wasm memory', async () => {
  const { default: createRunnerUpCore } = await import('../../build/wasm/runnerup-core.mjs');
  const M = await createRunnerUpCore({ wasmBinary });
  const low = [M._malloc(2 ** 30) >>> 0, M._malloc(2 ** 30) >>> 0]; // (one sbrk is at most 2 GB - 1)
  assert.ok(low.every(Boolean));
  const core = new CorePool(new M.Pool(), M);
  const events = core.propose({ type: 'saveCandidate', candidate: ana }, 'r-1', AT, 'id-1');
  const text = `[${' '.repeat(20 << 20)}${JSON.stringify(events[0])}]`;
  assert.deepEqual(core.apply(new TextEncoder().encode(text)), { applied: 1, skipped: 0, erased: [] });
  assert.ok(M.HEAPU8.length > 2 ** 31 + (20 << 20), 'the argument was placed above 2 GB');
  assert.equal(core.exportLog().events[0].data.candidate.name, ana.name);
  core.dispose();
  for (const block of low) M._free(block);
});
