// Words, never codes: every event type the real core records is described in English and German,
// recruiters are named by the host's names ("you", "another recruiter" otherwise), the ranking's
// factors are put in words from the core's codes and counts, and Undo is offered only when the
// core says it would succeed. The real wasm module, no mocks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translator } from '../../web/src/i18n/index.js';
import { openPool } from '../../web/src/pool.js';
import { memoryStorage } from '../../web/src/storage.js';
import { saveHostRecords } from '../../web/src/element/host-records.js';
import { describeEvent, errorText } from '../../web/src/views/fields.js';
import { actorName, factorDetail, personName, recruiterDirectory } from '../../web/src/views/words.js';
import { EVENT_TYPES, ME, NAMED, RECRUITERS, UNNAMED, codesIn, seedEveryEvent } from './every-event.js';
import { wasmBinary } from './helpers.js';

const open = (storage) => (actor) => openPool({ name: 'words', actor, storage, sync: false, wasmBinary });

async function everyEventPool() {
  const storage = memoryStorage();
  await seedEveryEvent(open(storage));
  return open(storage)(ME);
}

test('every event type the core records is described in words, in English and German', async () => {
  const pool = await everyEventPool();
  try {
    await pool.whenComplete();
    const events = pool.exportLog().events;
    assert.deepEqual([...new Set(events.map((e) => e.type))].sort(), [...EVENT_TYPES].sort(), 'the journey records every event type');
    const taxonomy = pool.taxonomy();
    const candidates = new Map(pool.query({ type: 'candidates' }).candidates.map((c) => [c.id, c.name]));
    const titles = new Map(pool.query({ type: 'requisitions' }).requisitions.map((r) => [r.id, r.title]));
    for (const locale of ['en', 'de']) {
      const i = translator(locale);
      const names = {
        i,
        day: i.day,
        candidateName: (id) => candidates.get(id) || id,
        requisitionTitle: (id) => titles.get(id) || id,
        label: (kind, code) => i.label(kind, code, (taxonomy[kind] || []).find((x) => x.code === code)?.label),
      };
      for (const e of events) {
        const text = describeEvent(e, names);
        assert.ok(text, `${locale}: ${e.type} has words`);
        assert.deepEqual(codesIn(text), [], `${locale}: ${e.type} reads "${text}"`);
        assert.notEqual(text, i.t('event.other'), `${locale}: ${e.type} has its own words`);
      }
    }
    const de = translator('de');
    const policy = events.find((e) => e.type === 'retention.policy_set' && e.data.candidateId);
    assert.equal(
      describeEvent(policy, { i: de, candidateName: () => 'Lena Vogel', label: (k, c) => de.label(k, c) }),
      'Aufbewahrungsregel für Lena Vogel auf „US-Bundesauftragnehmer“ gesetzt',
    );
    assert.equal(describeEvent({ type: 'consent.renewal_requested', data: { candidateId: 'c-ana' } }, { candidateName: () => 'Ana Núñez' }), 'Asked Ana Núñez to renew their consent');
    assert.equal(describeEvent({ type: 'made.up_type', data: {} }), 'Changed the pool', 'an unknown type is never shown as its code');
  } finally {
    pool.dispose();
  }
});

test('recruiters are shown by the host’s names, "you", or "another recruiter"; a name typed in a form as typed', () => {
  const people = recruiterDirectory(RECRUITERS);
  const en = translator('en');
  const de = translator('de');
  assert.equal(actorName(NAMED, { actor: ME, people, i: en }), 'Priya Raman');
  assert.equal(actorName(ME, { actor: ME, people, i: en }), 'you');
  assert.equal(actorName(UNNAMED, { actor: ME, people, i: en }), 'another recruiter');
  assert.equal(actorName(UNNAMED, { actor: ME, people, i: de }), 'ein anderes Teammitglied');
  assert.equal(actorName(UNNAMED, { actor: ME, people, i: de, after: 'by' }), 'einem anderen Teammitglied');
  assert.equal(actorName(ME, { actor: ME, people, i: de, after: 'by' }), 'Ihnen');
  // owner, decided by, given by: an id in words, a person's name as written
  assert.equal(personName(UNNAMED, { actor: ME, people, i: en }), 'another recruiter');
  assert.equal(personName(NAMED, { actor: ME, people, i: en }), 'Priya Raman');
  assert.equal(personName('Dana Roe', { actor: ME, people, i: en }), 'Dana Roe');
  assert.equal(personName('System design', { actor: ME, people, i: en }), 'System design');
  assert.equal(personName('', { actor: ME, people, i: en }), '');
  // the other shape the property takes: {id: name}
  assert.equal(actorName('r-9', { people: recruiterDirectory({ 'r-9': 'Mo Chen' }), i: en }), 'Mo Chen');
});

test('a malformed recruiters value is refused with what and where', () => {
  const refused = (given, path, message) =>
    assert.throws(() => recruiterDirectory(given), (e) => e.code === 'invalid_field' && e.path === path && message.test(e.message));
  refused('sam', '/recruiters', /not a list of \{id, name\} records/);
  refused([{ id: 'r-1', name: 'Sam' }, { id: '', name: 'Priya' }], '/recruiters/1/id', /\(\/recruiters\/1\/id\): the id is missing/);
  refused([{ id: 'r-1' }], '/recruiters/0/name', /the name is missing/);
  refused({ 'a/b': 7 }, '/recruiters/a~1b', /the name is missing/);
  refused([null], '/recruiters/0', /not an \{id, name\} record/);
  // shown in the recruiter's language
  try {
    recruiterDirectory([{ id: 'r-1' }]);
  } catch (e) {
    assert.equal(errorText(translator('de'), { ...e, code: e.code, message: e.message, path: e.path, wrap: e.wrap }),
      'Ein:e Recruiter:in aus dem Bewerbermanagementsystem konnte nicht gelesen werden (/recruiters/0/name): Der Name fehlt.');
  }
  assert.equal(recruiterDirectory(undefined).size, 0);
});

test('the ranking’s factors are words from the core’s codes and counts, in English and German', async () => {
  const pool = await everyEventPool();
  try {
    const today = pool.today();
    const taxonomy = pool.taxonomy();
    for (const requisitionId of ['r-platform', 'r-ops', 'r-data', 'r-temp']) {
      const hits = pool.query({ type: 'search', today, requisitionId, explain: true }).hits;
      assert.ok(hits.length > 0);
      for (const locale of ['en', 'de']) {
        const i = translator(locale);
        const label = (kind, code) => i.label(kind, code, (taxonomy[kind] || []).find((x) => x.code === code)?.label);
        for (const hit of hits) {
          for (const f of hit.factors) {
            const text = factorDetail(f, { i, label });
            assert.ok(text, `${locale}: ${f.name} has words`);
            assert.deepEqual(codesIn(text), [], `${locale}: ${f.name} reads "${text}"`);
          }
        }
      }
    }
    const [ana] = pool.query({ type: 'search', today, requisitionId: 'r-platform', text: 'Ana', explain: true }).hits;
    const en = translator('en');
    const de = translator('de');
    const say = (i, name) => factorDetail(ana.factors.find((f) => f.name === name), { i, label: (k, c) => i.label(k, c, (taxonomy[k] || []).find((x) => x.code === c)?.label) });
    assert.equal(say(en, 'skills'), '2 of 2 required, 0 of 1 nice to have');
    assert.equal(say(de, 'skills'), '2 von 2 Pflichtkenntnissen, 0 von 1 wünschenswerten');
    assert.equal(say(en, 'employment'), 'the requisition is part-time');
    assert.equal(say(de, 'employment'), 'die Stelle ist: Teilzeit');
    assert.equal(say(de, 'stage'), 'Finale Runde');
    assert.equal(say(de, 'location'), 'gleicher Ort');
  } finally {
    pool.dispose();
  }
});

test('Undo is offered only when it would succeed: the core says so, and never after an erasure', async () => {
  const storage = memoryStorage();
  const pool = await open(storage)(ME);
  try {
    await pool.record({ type: 'saveCandidate', candidate: { id: 'c-1', name: 'Ana' } });
    assert.equal(pool.query({ type: 'lastAction', actor: ME }).undoable, true);
    await pool.erase('c-1');
    const last = pool.query({ type: 'lastAction', actor: ME });
    assert.equal(last.events[0].type, 'person.erased');
    assert.equal(last.undoable, false);
    await assert.rejects(pool.record({ type: 'undoLast' }), (e) => e.code === 'conflict');
  } finally {
    pool.dispose();
  }
});

test('malformed host records are reported with what and where, the rest saved; a refused record is named', async () => {
  const pool = await open(memoryStorage())(ME);
  try {
    const failed = [];
    const refused = [];
    const on = { erased() {}, failed: (error, extra) => failed.push({ path: error.path, code: error.code, message: error.message, extra }), refused: (kind, id) => refused.push(`${kind}:${id}`) };
    await saveHostRecords(pool, { candidates: 'not a list', requisitions: [{ id: 'r-1', title: 'Platform engineer' }, 5, { title: 'No id' }] }, on);
    assert.deepEqual(failed.map((f) => f.path), ['/requisitions/1', '/requisitions/2', '/candidates']);
    assert.ok(failed.every((f) => f.code === 'invalid_field'));
    assert.equal(failed[0].message, 'Requisition 2 from the host could not be read: it is not a record with an id.');
    assert.equal(errorText(translator('de'), { ...failed[2], ...failed[2].extra }),
      'Die Kandidat:innen aus dem Bewerbermanagementsystem konnten nicht gelesen werden, weil sie keine Liste von Kandidat:innen sind.');
    assert.deepEqual(pool.query({ type: 'requisitions' }).requisitions.map((r) => r.id), ['r-1'], 'the well-formed one is saved');

    failed.length = 0;
    await saveHostRecords(pool, { candidates: [{ id: 'c-1', name: 'Ana' }, { id: 'c-2', name: 'Bo', colour: 'blue' }, { id: 'c-3', name: 'Cy', emails: 'x' }] }, on);
    assert.deepEqual(refused, ['candidate:c-2', 'candidate:c-3'], 'each refused record is named, not only the last');
    assert.equal(failed.length, 2);
  } finally {
    pool.dispose();
  }
});
