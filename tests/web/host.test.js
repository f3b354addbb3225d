// The host adapter ({load(), append(events), subscribe?(receive)}): two recruiters in two
// browsers (two pools with their own storage) share one ATS backend and converge.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RunnerUpError } from '../../web/src/errors.js';
import { createCorePool } from '../../web/src/core.js';
import { openPool } from '../../web/src/pool.js';
import { memoryStorage } from '../../web/src/storage.js';
import { generatedLog } from '../e2e/generated.js';
import { ana, chen, jose, runnerUp, seed, staff, wasmBinary } from './helpers.js';

/** An ATS backend in memory: upserts by id, pushes to subscribers, can be made to fail. */
function memoryHost() {
  const byId = new Map();
  const listeners = new Set();
  const host = {
    failing: false,
    loads: 0,
    appends: [],
    get events() {
      return [...byId.values()].map((e) => structuredClone(e));
    },
    async load() {
      host.loads++;
      if (host.failing) throw new Error('503 Service Unavailable');
      return host.events;
    },
    async append(events) {
      if (host.failing) throw new Error('503 Service Unavailable');
      host.appends.push(events.map((e) => e.id));
      for (const event of events) byId.set(event.id, structuredClone(event));
    },
  };
  const withPush = {
    ...host,
    subscribe(receive) {
      listeners.add(receive);
      return () => listeners.delete(receive);
    },
  };
  // a push channel: forwards what one recruiter appended to the others
  withPush.append = async (events) => {
    await host.append(events);
    for (const receive of listeners) receive(structuredClone(events));
  };
  withPush.load = () => host.load();
  return { host, withPush, listeners, byId };
}

function open(actor, host, storage = memoryStorage()) {
  return openPool({ name: 'shared', actor, storage, wasmBinary, host, sync: false });
}

/** Waits until the pool's background sends are done. */
async function settled(pool) {
  for (let i = 0; i < 50 && pool.hostStatus.pending > 0; i++) await new Promise((r) => setTimeout(r, 5));
}

const stateOf = (pool) => ({
  log: pool.exportLog().events,
  list: pool.list(),
  candidates: pool.query({ type: 'candidates' }),
});

describe('host adapter', () => {
  test('events recorded in one browser reach the host and replay into a fresh one identically', async () => {
    const { host } = memoryHost();
    const a = await open('recruiter-a', host);
    await seed(a);
    await a.record(runnerUp(ana.id));
    await a.record(runnerUp(jose.id, { rank: 2 }));
    await a.record({ type: 'setFlags', candidateId: ana.id, flags: { openToContract: true, openToPartTime: false, availableFrom: null, futureRoles: { families: [], departments: [], requisitions: [] }, doNotContact: false, doNotContactReason: '' } });
    await settled(a);
    assert.equal(a.hostStatus.pending, 0);
    assert.deepEqual(host.events.map((e) => e.id).sort(), a.exportLog().events.map((e) => e.id).sort());

    const b = await open('recruiter-b', host);
    assert.deepEqual(stateOf(b), stateOf(a));
    a.dispose();
    b.dispose();
  });

  test('two recruiters recording at the same time converge, nothing lost or doubled', async () => {
    const { host } = memoryHost();
    const a = await open('recruiter-a', host);
    await seed(a);
    await settled(a);
    const b = await open('recruiter-b', host);
    // concurrently: a records outcomes, b records touchpoints and flags on the same people
    await Promise.all([
      (async () => {
        await a.record(runnerUp(ana.id));
        await a.record(runnerUp(jose.id, { rank: 2 }));
        await a.record({ type: 'setFlags', candidateId: ana.id, flags: { openToContract: false, openToPartTime: true, availableFrom: null, futureRoles: { families: [], departments: [], requisitions: [] }, doNotContact: false, doNotContactReason: '' } });
      })(),
      (async () => {
        await b.record({ type: 'saveCandidate', candidate: { id: 'c-dana', name: 'Dana Kowalska' } });
        await b.record({ type: 'setFlags', candidateId: ana.id, flags: { openToContract: true, openToPartTime: false, availableFrom: null, futureRoles: { families: [], departments: [], requisitions: [] }, doNotContact: false, doNotContactReason: '' } });
        await b.record({ type: 'saveCandidate', candidate: { ...chen, title: 'SRE' } });
      })(),
    ]);
    await settled(a);
    await settled(b);
    await a.sync();
    await b.sync();
    const sa = stateOf(a);
    const sb = stateOf(b);
    assert.deepEqual(sa, sb);
    const ids = sa.log.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length, 'an event is doubled');
    assert.equal(host.events.length, ids.length, 'the host lost or doubled an event');
    // both flag changes were kept in the log; the later one (by clock, then actor) wins in both
    assert.equal(sa.log.filter((e) => e.type === 'flags.set').length, 2);
    a.dispose();
    b.dispose();
  });

  test('subscribe pushes the other recruiter\'s events as they arrive', async () => {
    const { withPush } = memoryHost();
    const a = await open('recruiter-a', withPush);
    const b = await open('recruiter-b', withPush);
    const seen = [];
    b.addEventListener('change', (e) => seen.push(e.detail));
    await a.record({ type: 'saveRequisition', requisition: staff });
    await a.record({ type: 'saveCandidate', candidate: ana });
    await settled(a);
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(seen.length >= 1);
    assert.ok(seen.every((d) => d.remote === true && d.origin === 'host'));
    assert.equal(b.candidate(ana.id).candidate.name, ana.name);
    a.dispose();
    b.dispose();
  });

  test('an unreachable host does not stop the pool; what it missed is sent on the next sync', async () => {
    const { host } = memoryHost();
    host.failing = true;
    const a = await open('recruiter-a', host);
    assert.equal(a.hostStatus.connected, true);
    assert.equal(a.hostStatus.error.code, 'host_failed');
    const syncs = [];
    a.addEventListener('sync', (e) => syncs.push(e.detail));
    await seed(a); // acknowledged locally although the host is down
    await a.record(runnerUp(ana.id));
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(a.hostStatus.pending > 0);
    assert.ok(syncs.some((s) => s.error?.code === 'host_failed'));
    assert.equal(host.events.length, 0);

    host.failing = false;
    const { sent } = await a.sync();
    assert.equal(sent, a.exportLog().events.length);
    assert.equal(a.hostStatus.pending, 0);
    assert.equal(a.hostStatus.error, null);
    assert.equal(host.events.length, a.exportLog().events.length);
    a.dispose();
  });

  test('a host that lacks more events than one export step gets them all, once', async () => {
    const { host } = memoryHost();
    host.failing = true; // the pool fills while the host is down
    const a = await open('alice', host);
    const rows = Array.from({ length: 6000 }, (_, k) => `Person ${k},p${k}@example.com,Internal candidate,Backend engineer`);
    const file = new File([`name,email,reason,requisition\n${rows.join('\n')}\n`], 'finalists.csv');
    const report = await a.importFile(file, { format: 'auto' });
    assert.equal(report.accepted, 6000, JSON.stringify(report.records?.[0]));
    const total = a.exportLog().events.length;
    assert.ok(total > 5000, `${total} events: more than one step of 5,000`);
    host.failing = false;
    const { sent } = await a.sync();
    assert.equal(sent, total);
    assert.deepEqual(host.events.map((e) => e.id).sort(), a.exportLog().events.map((e) => e.id).sort());
    assert.equal((await a.sync()).sent, 0); // nothing twice
    a.dispose();
  });

  test("a new browser opens from the host's binary snapshot, and asks for the document when it cannot read the bytes", async () => {
    const events = JSON.parse(generatedLog(200)).events;
    const source = await createCorePool({ wasmBinary });
    source.apply(events);
    const bytes = source.snapshotBinary();
    const text = source.snapshotText();
    source.dispose();
    const asked = [];
    const hostGiving = (first) => ({
      load: async () => [],
      append: async () => {},
      async snapshot(options) {
        asked.push(options?.binary ?? true);
        return { snapshot: options?.binary === false ? text : first };
      },
    });
    // readable bytes: restored and kept as they came, the next open starts from them
    const storage = memoryStorage();
    const a = await open('recruiter-a', hostGiving(bytes), storage);
    assert.equal(a.openedFrom, 'host');
    assert.equal(a.query({ type: 'pool', limit: 1 }).total, 200);
    assert.deepEqual(asked, [true]);
    a.dispose();
    const again = await open('recruiter-a', hostGiving(bytes), storage);
    assert.equal(again.openedFrom, 'snapshot');
    assert.equal(again.query({ type: 'pool', limit: 1 }).total, 200);
    again.dispose();
    // bytes this build cannot read (a server on another version): the document, asked for once
    asked.length = 0;
    const damaged = bytes.slice(0, bytes.length >> 1);
    const b = await open('recruiter-b', hostGiving(damaged));
    assert.equal(b.openedFrom, 'host');
    assert.deepEqual(asked, [true, false]);
    assert.equal(b.query({ type: 'pool', limit: 1 }).total, 200);
    b.dispose();
  });

  test('a host that never answers times out', async () => {
    const host = { load: () => new Promise(() => {}), append: () => new Promise(() => {}) };
    const pool = await openPool({ name: 't', actor: 'r', storage: memoryStorage(), wasmBinary, host, hostTimeoutMs: 50, sync: false });
    assert.equal(pool.hostStatus.error.code, 'host_timeout');
    await assert.rejects(pool.sync(), (e) => e instanceof RunnerUpError && e.code === 'host_timeout');
    pool.dispose();
  });

  test('a malformed event from the host is refused with its path and changes nothing', async () => {
    const { host, byId } = memoryHost();
    const a = await open('recruiter-a', host);
    await seed(a);
    await settled(a);
    const before = a.exportLog();
    byId.set('evil', { id: 'evil', actor: 'x', at: '2026-11-22T10:00:00Z', clock: 99, type: 'candidate.saved', data: { candidate: { id: 'c-x', name: 7 } } });
    await assert.rejects(a.sync(), (e) => e instanceof RunnerUpError && /\/data\/candidate\/name$/.test(e.path) && e.message.includes('"evil"'));
    assert.deepEqual(a.exportLog(), before);
    assert.equal(a.hostStatus.error.code, 'invalid_field');
    a.dispose();
  });

  test('a large batch from the host is checked, stored and applied a chunk at a time; one bad event refuses all of it, with its place', async () => {
    const events = JSON.parse(generatedLog(3000)).events; // 6,010 events: steps of 1,000
    const evil = structuredClone(events);
    evil[4500].data.candidate.name = 7; // in the fifth step
    const storage = memoryStorage();
    let served = evil;
    const a = await open('recruiter-a', { load: async () => structuredClone(served), append: async () => {} }, storage);
    await assert.rejects(a.sync(), (e) => e instanceof RunnerUpError && e.path === '/4500/data/candidate/name' && e.message.includes(`"${events[4500].id}"`));
    assert.equal(a.exportLog().events.length, 0, 'part of a refused batch was applied');
    assert.equal((await storage.loadEvents()).length, 0, 'part of a refused batch was stored');
    served = events;
    assert.equal((await a.sync()).received, events.length);
    assert.equal(a.query({ type: 'pool', limit: 1 }).total, 3000);
    a.dispose();
    const again = await open('recruiter-a', { load: async () => [], append: async () => {} }, storage);
    assert.equal(again.exportLog().events.length, events.length);
    again.dispose();
  });

  test('an erasure reaches the host in scrubbed form, and a fresh browser holds no personal data', async () => {
    const { host } = memoryHost();
    const a = await open('recruiter-a', host);
    await seed(a);
    await a.record(runnerUp(jose.id, { note: 'Secret note about José' }));
    await settled(a);
    await a.erase(jose.id);
    await settled(a);
    const stored = JSON.stringify(host.events);
    assert.ok(!stored.includes('José'), 'the host still holds the erased name');
    assert.ok(!stored.includes('Secret note'), 'the host still holds the erased note');
    const b = await open('recruiter-b', host);
    assert.deepEqual(stateOf(b), stateOf(a));
    a.dispose();
    b.dispose();
  });

  test('the scrubbed form the host missed (its append failed) is sent again by the next sync', async () => {
    const { host } = memoryHost();
    const a = await open('recruiter-a', host);
    await seed(a);
    await a.record(runnerUp(jose.id, { note: 'Secret note about José' }));
    await settled(a);
    const append = host.append;
    host.append = async () => {
      throw new Error('the ATS is down');
    };
    await a.erase(jose.id);
    await settled(a);
    assert.ok(JSON.stringify(host.events).includes('Secret note'), 'the failed append reached the host anyway');
    host.append = append;
    const { sent } = await a.sync();
    assert.ok(sent > 0);
    const stored = JSON.stringify(host.events);
    assert.ok(!stored.includes('José') && !stored.includes('Secret note'), 'the host still holds the erased person');
    assert.equal((await a.sync()).sent, 0, 'a second sync has nothing to send');
    a.dispose();
  });

  test('a bad adapter is refused when the pool opens', async () => {
    await assert.rejects(
      openPool({ name: 't', actor: 'r', storage: memoryStorage(), wasmBinary, host: { load() {} } }),
      (e) => e instanceof RunnerUpError && e.path === '/host',
    );
  });
});
