// Compaction in real Chromium, on real IndexedDB: as the log of a pool grows (the same 100 people,
// their flags changed again and again), the pool is compacted and every open restores the
// snapshot and replays only the tail, so what an open replays stays flat; the history arrives
// in the background and the exported log is whole. The open times are printed next to a pool
// that never compacts (the figures; the assertion is on what is replayed, not on time).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { createCorePool } from '../../web/src/core.js';
import { launch } from './browser.js';

const PEOPLE = 100;

/** A pool log of `n` flags.set events (after the people), clocks from `clock0`. */
function churnLog(n, clock0, withPeople) {
  const events = [];
  let clock = clock0;
  const at = '2026-11-01T09:00:00Z';
  const flags = (i) => ({ openToContract: i % 2 === 0, openToPartTime: i % 3 === 0, availableFrom: null, futureRoles: { families: [], departments: [], requisitions: [] }, doNotContact: false, doNotContactReason: '' });
  if (withPeople) {
    for (let p = 0; p < PEOPLE; p++) {
      events.push({ id: `p.${p}`, actor: 'gen', at, clock: ++clock, type: 'candidate.saved', data: { candidate: { id: `c-${p}`, name: `Person ${p}`, emails: [], phones: [], links: [], location: { city: '', region: '', country: '' }, title: '', skills: [], seniority: '', source: '', tags: [] } } });
    }
  }
  for (let i = 0; i < n; i++) {
    events.push({ id: `f.${clock0}.${i}`, actor: 'gen', at, clock: ++clock, type: 'flags.set', data: { candidateId: `c-${i % PEOPLE}`, flags: flags(i + clock0) } });
  }
  return { text: JSON.stringify({ format: 'runnerup.log', version: 1, events }), clock };
}

describe('compaction on IndexedDB', () => {
  let b;

  before(async () => {
    b = await launch();
    await b.page.goto(`${b.server.url}/demo/`);
  });

  after(async () => {
    await b?.close();
  });

  test('opens replay only the tail as the log grows; the history comes back whole', async () => {
    const rows = [];
    let clock = 0;
    let total = 0;
    for (const [step, add] of [[1, 2000], [2, 6000], [3, 12000]]) {
      const log = churnLog(add, clock, step === 1);
      clock = log.clock;
      // the same events into a compacting pool and into one that never compacts
      await b.page.evaluate(async (text) => {
        const { openPool } = await import('/runnerup.js');
        for (const [name, compactAfter] of [['flat', 1000], ['growing', 0]]) {
          const pool = await openPool({ name, actor: 'importer', sync: false, compactAfter });
          await pool.importFile(new Blob([text]), { format: 'pool' });
          if (compactAfter) await pool.compact(); // (the import queued one already: this waits for it)
          pool.dispose();
        }
      }, log.text);
      total += add + (step === 1 ? PEOPLE : 0);
      await b.page.reload();
      const measured = await b.page.evaluate(async () => {
        const { openPool } = await import('/runnerup.js');
        const out = {};
        for (const name of ['flat', 'growing']) {
          const t0 = performance.now();
          const pool = await openPool({ name, actor: 'reader', sync: false, compactAfter: name === 'flat' ? 1000 : 0 });
          const openMs = performance.now() - t0;
          const people = pool.query({ type: 'candidates' }).candidates.length;
          await pool.whenComplete();
          out[name] = { from: pool.openedFrom, openMs, people, events: pool.exportLog().events.length, completeMs: performance.now() - t0 };
          pool.dispose();
        }
        // what the compacted pool replays at open: its tail
        const tail = await new Promise((resolve, reject) => {
          const request = indexedDB.open('runnerup:flat');
          request.onsuccess = () => {
            const get = request.result.transaction('tail').objectStore('tail').count();
            get.onsuccess = () => {
              request.result.close();
              resolve(get.result);
            };
            get.onerror = () => reject(get.error);
          };
          request.onerror = () => reject(request.error);
        });
        return { ...out, tail };
      });
      assert.equal(measured.flat.from, 'snapshot');
      assert.equal(measured.growing.from, 'log');
      assert.ok(measured.tail < 1000, `the compacted pool replays ${measured.tail} events at open`);
      for (const name of ['flat', 'growing']) {
        assert.equal(measured[name].people, PEOPLE);
        assert.equal(measured[name].events, total, `${name}: the history is not whole`);
      }
      rows.push({ events: total, ...measured });
    }
    console.log('# log events | compacted: open ms (tail replayed), history complete ms | never compacted: open ms');
    for (const r of rows) {
      console.log(`# ${String(r.events).padStart(6)} | ${r.flat.openMs.toFixed(0).padStart(5)} (${r.tail}), ${r.flat.completeMs.toFixed(0)} | ${r.growing.openMs.toFixed(0).padStart(5)}`);
    }
    assert.deepEqual(b.errors, []);
  });

  test('IndexedDB keeps the binary snapshot, sealed; the snapshots earlier builds stored still open', async () => {
    const log = churnLog(1500, 0, true);
    // a compacted pool: its snapshot is stored as a sealed Blob (version 4 of the meta record)
    const stored = await b.page.evaluate(async (text) => {
      const { openPool } = await import('/runnerup.js');
      const pool = await openPool({ name: 'upgrade', actor: 'importer', sync: false });
      await pool.importFile(new Blob([text]), { format: 'pool' });
      await pool.compact();
      const out = { log: pool.exportLog(), list: pool.list() };
      pool.dispose();
      return out;
    }, log.text);
    const meta = () =>
      b.page.evaluate(
        () =>
          new Promise((resolve, reject) => {
            const request = indexedDB.open('runnerup:upgrade');
            request.onerror = () => reject(request.error);
            request.onsuccess = () => {
              const get = request.result.transaction('meta').objectStore('meta').get('snapshot');
              get.onsuccess = () => {
                request.result.close();
                const r = get.result;
                resolve({ version: r?.version, blob: r?.blob instanceof Blob ? r.blob.size : null, text: typeof r?.text });
              };
              get.onerror = () => reject(get.error);
            };
          }),
      );
    const binary = await meta();
    assert.equal(binary.version, 4);
    assert.ok(binary.blob > 0, JSON.stringify(binary));

    // The same pool's snapshot, made in node: the core's binary form and its JSON text.
    const core = await createCorePool({ wasmBinary: readFileSync(new URL('../../build/wasm/runnerup-core.wasm', import.meta.url)) });
    core.apply(stored.log.events);
    const json = core.snapshotText();
    const bytes = [...core.snapshotBinary()];
    core.dispose();

    // Stores the snapshot record as an earlier build did ('blob': unsealed, version 3; 'bytes':
    // version 2; 'text': JSON as version 1), then opens the pool, lets the history come back and
    // compacts.
    const reopenFrom = (kind, text) =>
      b.page.evaluate(
        async ([kind, text]) => {
          const done = (request) =>
            new Promise((resolve, reject) => {
              request.onsuccess = () => resolve(request.result);
              request.onerror = () => reject(request.error);
            });
          const db = await done(indexedDB.open('runnerup:upgrade'));
          const record =
            kind === 'blob'
              ? { format: 'runnerup.idb-snapshot', version: 3, blob: new Blob([new Uint8Array(text)]) }
              : kind === 'bytes'
                ? { format: 'runnerup.idb-snapshot', version: 2, bytes: new Uint8Array(text) }
                : { format: 'runnerup.idb-snapshot', version: 1, text };
          const tx = db.transaction('meta', 'readwrite');
          tx.objectStore('meta').put(record, 'snapshot');
          await new Promise((resolve, reject) => {
            tx.oncomplete = resolve;
            tx.onerror = () => reject(tx.error);
          });
          db.close();
          const { openPool } = await import('/runnerup.js');
          const pool = await openPool({ name: 'upgrade', actor: 'recruiter', sync: false });
          const out = { from: pool.openedFrom, list: pool.list() };
          await pool.whenComplete();
          await pool.compact();
          pool.dispose();
          return out;
        },
        [kind, text],
      );

    // what the build before stored: the binary snapshot as an unsealed Blob, version 3
    const fromBlob = await reopenFrom('blob', bytes);
    assert.equal(fromBlob.from, 'snapshot');
    assert.deepEqual(fromBlob.list, stored.list);
    assert.equal((await meta()).version, 4, 'the next compaction seals it');

    // what the build before that stored: the same binary snapshot as bytes, version 2
    const fromBytes = await reopenFrom('bytes', bytes);
    assert.equal(fromBytes.from, 'snapshot');
    assert.deepEqual(fromBytes.list, stored.list);
    assert.equal((await meta()).version, 4, 'the next compaction stores a sealed Blob again');

    // what a build before the binary form stored: the core's JSON snapshot as text, version 1
    const reopened = await reopenFrom('text', json);
    assert.equal(reopened.from, 'snapshot');
    assert.deepEqual(reopened.list, stored.list);
    assert.equal((await meta()).version, 4, 'the next compaction stores the binary form again');
    assert.deepEqual(b.errors, []);
  });

  test('an emptied tail is not read at open, and whatever is stored after it is', async () => {
    const log = churnLog(1200, 0, true);
    // the snapshot record's tailEmptiedAt and the mark of the last write to the tail
    const marks = () =>
      b.page.evaluate(
        () =>
          new Promise((resolve, reject) => {
            const request = indexedDB.open('runnerup:marks');
            request.onerror = () => reject(request.error);
            request.onsuccess = () => {
              const tx = request.result.transaction(['meta', 'tail']);
              const out = {};
              tx.objectStore('meta').get('snapshot').onsuccess = (e) => (out.emptiedAt = e.target.result?.tailEmptiedAt);
              tx.objectStore('meta').get('tail-written').onsuccess = (e) => (out.written = e.target.result);
              tx.objectStore('tail').count().onsuccess = (e) => (out.tail = e.target.result);
              tx.oncomplete = () => {
                request.result.close();
                resolve(out);
              };
              tx.onerror = () => reject(tx.error);
            };
          }),
      );
    // opens the pool and reads, before the history comes back, the flags of c-0 and c-1
    const reopen = (record) =>
      b.page.evaluate(async (record) => {
        const { openPool } = await import('/runnerup.js');
        const pool = await openPool({ name: 'marks', actor: 'recruiter', sync: false });
        const flags = (id) => pool.query({ type: 'candidate', id }).flags;
        const out = { from: pool.openedFrom, c0: flags('c-0'), c1: flags('c-1') };
        if (record) for (const action of record) await pool.record(action);
        await pool.whenComplete();
        pool.dispose();
        return out;
      }, record);
    const setFlags = (candidateId, openToContract) => ({
      type: 'setFlags',
      candidateId,
      flags: { openToContract, openToPartTime: false, availableFrom: null, futureRoles: { families: [], departments: [], requisitions: [] }, doNotContact: false, doNotContactReason: '' },
    });
    await b.page.evaluate(async (text) => {
      const { openPool } = await import('/runnerup.js');
      const pool = await openPool({ name: 'marks', actor: 'importer', sync: false });
      await pool.importFile(new Blob([text]), { format: 'pool' });
      await pool.compact();
      pool.dispose();
    }, log.text);
    const emptied = await marks();
    assert.equal(emptied.tail, 0);
    assert.equal(emptied.emptiedAt, emptied.written, 'the compaction marks the tail it emptied');

    // nothing since: the open skips the tail; then two actions go to the tail
    const first = await reopen([setFlags('c-0', false), setFlags('c-1', true)]);
    assert.equal(first.from, 'snapshot');
    const written = await marks();
    assert.equal(written.tail, 2);
    assert.notEqual(written.written, written.emptiedAt, 'a write to the tail changes its mark');

    // the next open reads the tail: both actions are there before the history comes back
    const second = await reopen();
    assert.equal(second.from, 'snapshot');
    assert.equal(second.c0.openToContract, false);
    assert.equal(second.c1.openToContract, true);
    assert.notEqual(first.c1.openToContract, true, 'c-1 changed');
    assert.deepEqual(b.errors, []);
  });

  test('an import is stored a thousand events to a record; it opens whole, and an erasure reaches every copy', async () => {
    const PERSON = { id: 'c-zq', texts: ['Zebulon Quaxtrel-Batch', 'zebulon.q@example.com', 'Zq-title-5521'] };
    const { text } = churnLog(1400, 0, true);
    const log = JSON.parse(text);
    log.events.push({ id: 'p.zq', actor: 'gen', at: '2026-11-01T09:00:00Z', clock: 1e6, type: 'candidate.saved', data: { candidate: { id: PERSON.id, name: PERSON.texts[0], emails: [PERSON.texts[1]], phones: [], links: [], location: { city: '', region: '', country: '' }, title: PERSON.texts[2], skills: [], seniority: '', source: '', tags: [] } } });
    // every record of every store of the pool's database, in the page's storage and in the mirror bucket
    const dump = () =>
      b.page.evaluate(async () => {
        const done = (request) =>
          new Promise((resolve, reject) => {
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
        const bucket = await navigator.storageBuckets.open('runnerup-mirror');
        const out = {};
        for (const [where, factory] of [['main', indexedDB], ['mirror', bucket.indexedDB]]) {
          const db = await done(factory.open('runnerup:batched'));
          out[where] = { text: '', counts: {}, person: [] };
          for (const store of db.objectStoreNames) {
            const values = await done(db.transaction(store).objectStore(store).getAll());
            out[where].counts[store] = values.length;
            out[where].text += JSON.stringify(values);
            // how the person's event is kept: sealed (a body under their key) or as it is
            for (const v of values) for (const e of v?.events ?? [v]) if (e?.id === 'p.zq') out[where].person.push(e.body instanceof Uint8Array ? 'sealed' : 'as it is');
          }
          db.close();
        }
        return out;
      });
    const imported = await b.page.evaluate(async (text) => {
      const { openPool } = await import('/runnerup.js');
      const pool = await openPool({ name: 'batched', actor: 'importer', sync: false });
      const report = await pool.importFile(new Blob([text]), { format: 'pool' });
      await pool.compact();
      pool.dispose();
      return report.events;
    }, JSON.stringify(log));
    assert.equal(imported, log.events.length);
    const stored = await dump();
    for (const where of ['main', 'mirror']) {
      assert.equal(stored[where].counts.events, 0, `${where}: the import was stored one event at a time`);
      assert.equal(stored[where].counts.batches, Math.ceil(log.events.length / 1000), where);
      for (const t of PERSON.texts) assert.ok(!stored[where].text.includes(t), `${where}: ${t} is stored in the clear`);
      assert.deepEqual(stored[where].person, ['sealed'], `${where}: the person's event is kept once, sealed`);
    }
    assert.equal(stored.main.counts.tailBatches, 0, 'the compaction emptied the tail');

    // opened again: whole from the snapshot, and whole from the log once the history is back;
    // then one action, and the person erased
    const reopen = (actions) =>
      b.page.evaluate(async (actions) => {
        const { openPool } = await import('/runnerup.js');
        const pool = await openPool({ name: 'batched', actor: 'recruiter', sync: false });
        const people = pool.query({ type: 'candidates' }).candidates.length;
        await pool.whenComplete();
        const out = { from: pool.openedFrom, people, events: pool.exportLog().events.length, erased: pool.query({ type: 'candidate', id: 'c-zq' }).erased };
        for (const action of actions) await pool.record(action);
        pool.dispose();
        return out;
      }, actions);
    const first = await reopen([{ type: 'erasePerson', candidateId: PERSON.id }]);
    assert.deepEqual(first, { from: 'snapshot', people: PEOPLE + 1, events: log.events.length, erased: false });
    const after = await dump();
    for (const where of ['main', 'mirror']) {
      for (const t of PERSON.texts) assert.ok(!after[where].text.includes(t), `${where}: ${t} is still stored after the erasure`);
      assert.ok(after[where].person.length > 0 && after[where].person.every((k) => k === 'as it is'), `${where}: the scrubbed form replaced the sealed one in its batch (${after[where].person})`);
    }
    // the others are kept (sealed, so read back through the pool)
    const second = await reopen([]);
    assert.equal(second.erased, true);
    assert.equal(second.people, PEOPLE + 1);
    assert.ok(second.events > log.events.length, 'the erasure is in the log');

    // a second import, not compacted: its batches are the tail the next open reads
    const more = { format: 'runnerup.log', version: 1, events: [] };
    for (let p = 0; p < 1200; p++) {
      more.events.push({ id: `n.${p}`, actor: 'gen', at: '2026-11-02T09:00:00Z', clock: 2e6 + p, type: 'candidate.saved', data: { candidate: { id: `n-${p}`, name: `Newcomer ${p}`, emails: [], phones: [], links: [], location: { city: '', region: '', country: '' }, title: '', skills: [], seniority: '', source: '', tags: [] } } });
    }
    await b.page.evaluate(async (text) => {
      const { openPool } = await import('/runnerup.js');
      const pool = await openPool({ name: 'batched', actor: 'importer', sync: false, compactAfter: 0 });
      await pool.importFile(new Blob([text]), { format: 'pool' });
      pool.dispose();
    }, JSON.stringify(more));
    assert.equal((await dump()).main.counts.tailBatches, 2);
    const third = await reopen([]);
    assert.equal(third.from, 'snapshot');
    assert.equal(third.people, PEOPLE + 1 + 1200, 'the tail\'s batches are in the pool as it opens');
    assert.equal(third.events, second.events + 1200);
    assert.deepEqual(b.errors, []);
  });
  test('two tabs compacting at once leave a snapshot that opens (each keeps its snapshot key until it is replaced)', async () => {
    const out = await b.page.evaluate(async () => {
      const { openPool, indexedDBStorage } = await import('/runnerup.js');
      // two instances of one pool, as two tabs hold it: each hears the other's events
      const one = await openPool({ name: 'e2e-compact-race', actor: 'recruiter-1' });
      const two = await openPool({ name: 'e2e-compact-race', actor: 'recruiter-2' });
      const readable = [];
      for (let round = 0; round < 12; round++) {
        await one.record({ type: 'saveCandidate', candidate: { id: `c-race-${round}`, name: `Race ${round}` } });
        await Promise.all([one.compact(), two.compact(), one.compact(), two.compact()]);
        const storage = indexedDBStorage('e2e-compact-race');
        const fast = await storage.loadForOpen();
        storage.close();
        readable.push(fast?.snapshot?.length > 0);
      }
      one.dispose();
      two.dispose();
      const reopened = await openPool({ name: 'e2e-compact-race', actor: 'recruiter-3' });
      const from = reopened.openedFrom;
      const people = reopened.query({ type: 'candidate', id: 'c-race-11' }).candidate?.name ?? null;
      reopened.dispose();
      return { readable, from, people };
    });
    assert.deepEqual(out.readable, out.readable.map(() => true), `a stored snapshot could not be opened: ${JSON.stringify(out.readable)}`);
    assert.equal(out.from, 'snapshot');
    assert.equal(out.people, 'Race 11');
  });
});
