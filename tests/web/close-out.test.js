// Closing out a requisition through the facade, against the real wasm core: one action for the
// hire, the runner-ups ranked, who was not selected and who is not a fit; one undo for all of
// it; the write-back the element fires (the core's writeBack answer); the view's words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPool } from '../../web/src/pool.js';
import { memoryStorage } from '../../web/src/storage.js';
import { closeOutCommand, renderCloseOut } from '../../web/src/views/close-out.js';
import { wasmBinary } from './helpers.js';
import { flatten, viewContext } from './render.js';

const REQ = { id: 'req-9', code: 'REQ-9', title: 'Platform engineer', status: 'open' };
const PEOPLE = [
  { id: 'c-hana', name: 'Hana Sato', atsIds: ['gh-1'] },
  { id: 'c-ana', name: 'Ana Núñez' },
  { id: 'c-chen', name: 'Chen Wei' },
  { id: 'c-kofi', name: 'Kofi Mensah' },
  { id: 'c-lena', name: 'Lena Vogel' },
];
const CLOSE_OUT = {
  type: 'closeOutRequisition',
  requisitionId: REQ.id,
  finalists: [
    { candidateId: 'c-hana', outcome: 'hired' },
    { candidateId: 'c-chen', outcome: 'runner_up', rank: 2, reason: { code: 'skills_gap' } },
    { candidateId: 'c-ana', outcome: 'runner_up', rank: 1, reason: { code: 'stronger_candidate' }, feedbackOwed: true },
    { candidateId: 'c-kofi', outcome: 'not_selected', stage: 'interview', reason: { code: 'too_junior' } },
    { candidateId: 'c-lena', outcome: 'not_a_fit', reason: { code: 'team_fit' } },
  ],
};

/** Runs `steps` on a pool holding the requisition and its five finalists, then disposes of it. */
async function withFinalists(steps) {
  const pool = await openPool({ name: 'close-out', actor: 'recruiter-1', storage: memoryStorage(), sync: false, wasmBinary });
  try {
    await pool.record({ type: 'saveRequisition', requisition: REQ }, { origin: 'host' });
    for (const candidate of PEOPLE) await pool.record({ type: 'saveCandidate', candidate }, { origin: 'host' });
    await steps(pool);
  } finally {
    pool.dispose();
  }
}

const statuses = (wb) => Object.fromEntries(wb.candidates.map((c) => [c.id, c.status]));
const writeBack = (pool, events) => pool.query({ type: 'writeBack', eventIds: events.map((e) => e.id) }).writeBacks;

test('a close-out is one action: hired, runner-ups ranked, not selected, not a fit; one undo reverts all of it', () =>
  withFinalists(async (pool) => {
    const events = await pool.record(CLOSE_OUT);
    assert.equal(events[0].type, 'requisition.closed_out');
    assert.equal(new Set(events.map((e) => e.id.split('.')[0])).size, 1, 'every event of the close-out is one action');
    const last = pool.query({ type: 'lastAction', actor: 'recruiter-1' });
    assert.equal(last.events.length, events.length);
    assert.equal(last.undoable, true);

    const listed = Object.fromEntries(pool.list().entries.map((e) => [e.candidate.id, e.outcome]));
    assert.equal(listed['c-ana'].rank, 1);
    assert.equal(listed['c-chen'].rank, 2);
    assert.equal(listed['c-kofi'].outcome, 'rejected');
    assert.equal(listed['c-kofi'].futureFit, 'qualified');
    assert.equal(listed['c-lena'].futureFit, 'not_a_fit');
    assert.equal(listed['c-hana'], undefined, 'the hire is not in the pool');
    const req = pool.query({ type: 'requisitions' }).requisitions.find((r) => r.id === REQ.id);
    assert.equal(req.status, 'filled');
    assert.equal(req.hiredCandidateId, 'c-hana');
    assert.equal(pool.query({ type: 'feedbackOwed', today: '2026-11-22' }).entries.length, 1);

    const [wb] = writeBack(pool, events);
    assert.deepEqual(
      { action: wb.action, undone: wb.undone, requisition: wb.requisition },
      { action: 'closeOut', undone: false, requisition: { id: REQ.id, code: 'REQ-9', status: 'filled', hiredCandidateId: 'c-hana', reopenedFor: null } },
    );
    assert.deepEqual(statuses(wb), { 'c-ana': 'runner_up', 'c-chen': 'runner_up', 'c-hana': 'hired', 'c-kofi': 'not_selected', 'c-lena': 'not_a_fit' });
    assert.deepEqual(wb.candidates.find((c) => c.id === 'c-hana').atsIds, ['gh-1']);
    assert.equal(wb.candidates.find((c) => c.id === 'c-chen').rank, 2);

    // one undo: the whole close-out, and the write-back says so
    const undo = await pool.record({ type: 'undoLast' });
    assert.equal(undo.length, 1);
    assert.equal(pool.list().total, 0);
    assert.equal(pool.query({ type: 'requisitions' }).requisitions.find((r) => r.id === REQ.id).status, 'open');
    assert.equal(pool.query({ type: 'feedbackOwed', today: '2026-11-22' }).entries.length, 0);
    const [undone] = writeBack(pool, undo);
    assert.equal(undone.undone, true);
    assert.equal(undone.requisition.status, 'open');
    assert.deepEqual(new Set(Object.values(statuses(undone))), new Set(['undecided']));
  }));

test('a close-out with one refused finalist records nothing', () =>
  withFinalists(async (pool) => {
    const bad = structuredClone(CLOSE_OUT);
    bad.finalists[3].rank = 1; // only runner-ups have a rank
    await assert.rejects(pool.record(bad), (e) => e.code === 'invalid_field' && e.path === '/finalists/3/rank');
    bad.finalists[3] = { candidateId: 'c-hana', outcome: 'hired' };
    await assert.rejects(pool.record(bad), (e) => e.code === 'invalid_field' && e.path === '/finalists/3/candidateId');
    assert.equal(pool.list().total, 0);
    assert.equal(pool.query({ type: 'lastAction', actor: 'recruiter-1' }), null);
  }));

test('after the hire backs out the write-back says the requisition is reopened; its undo says filled again', () =>
  withFinalists(async (pool) => {
    await pool.record(CLOSE_OUT);
    const backOut = await pool.record({ type: 'markHireBackedOut', backOut: { requisitionId: REQ.id, reason: 'offer_declined' } });
    const [wb] = writeBack(pool, backOut);
    assert.equal(wb.action, 'backOut');
    assert.equal(wb.requisition.status, 'reopened');
    assert.equal(wb.requisition.hiredCandidateId, null);
    assert.equal(statuses(wb)['c-hana'], 'offer_declined');
    const reopen = await pool.record({ type: 'reopenForNextInLine', requisitionId: REQ.id });
    assert.equal(writeBack(pool, reopen)[0].requisition.reopenedFor, 'c-ana');
    await pool.record({ type: 'undoLast' });
    const [back] = writeBack(pool, await pool.record({ type: 'undoLast' }));
    assert.deepEqual([back.action, back.undone, back.requisition.status, statuses(back)['c-hana']], ['backOut', true, 'filled', 'hired']);
    // anything else tells the host nothing
    assert.deepEqual(writeBack(pool, await pool.record({ type: 'requestFeedback', request: { candidateId: 'c-chen' } })), []);
  }));

test('the close-out view: the form the core answers, in words in English and German, and its command', () =>
  withFinalists(async (pool) => {
    await pool.record(CLOSE_OUT);
    for (const locale of ['en', 'de']) {
      const ctx = { ...viewContext(pool, locale), requisitionId: REQ.id };
      const text = flatten(renderCloseOut(ctx)).replace(/<\/?bdi>/g, '').replace(/\s+/g, ' ');
      // (the text here holds attribute values too: tests/e2e/words.test.js checks what shows for codes)
      for (const words of locale === 'en' ? ['Close out Platform engineer', 'Not a fit', 'Not selected', 'Filled', 'Feedback owed'] : ['Platform engineer abschließen', 'Passt nicht', 'Nicht ausgewählt', 'Besetzt', 'Feedback ausstehend'])
        assert.ok(text.includes(words), `${locale}: "${words}"`);
    }
    // the form's values as formValues yields them become the command the core takes
    const form = pool.query({ type: 'closeOut', requisitionId: REQ.id, today: '2026-11-22' });
    const choices = form.finalists.map((f) => f.choice);
    assert.deepEqual(choices, ['hired', 'runner_up', 'runner_up', 'not_selected', 'not_a_fit']);
    const v = {};
    form.finalists.forEach((f, n) => {
      v[`stage.${n}`] = f.stage;
      v[`rank.${n}`] = f.rank ? String(f.rank) : '';
      v[`reason.${n}`] = f.reason?.code || '';
      v[`reasonNote.${n}`] = '';
    });
    const command = closeOutCommand(REQ.id, form.finalists, choices, v);
    assert.equal(command.finalists.length, 5);
    assert.deepEqual(await pool.record(command), [], 'the form as the core answered it changes nothing');
  }));
