// The view helpers that turn the record-outcome form into a core command and map core errors
// back to form fields. The command goes through the real core to prove the shapes agree.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPool } from '../../web/src/pool.js';
import { memoryStorage } from '../../web/src/storage.js';
import { controlId, emptyDraft, fieldForPath, outcomeCommand } from '../../web/src/views/outcome-form.js';
import { ana, seed, staff, wasmBinary } from './helpers.js';

test('a filled-in draft becomes a recordOutcome the core accepts', async () => {
  const pool = await openPool({ actor: 'r-1', storage: memoryStorage(), wasmBinary });
  await seed(pool);
  const draft = {
    ...emptyDraft(staff.id),
    candidateId: ana.id,
    rank: '1',
    reasonCode: 'other',
    reasonNote: '  Relocating next spring  ',
    futureFit: 'strong',
    note: ' Keep warm ',
  };
  const command = outcomeCommand(draft);
  assert.deepEqual(command.outcome.reason, { code: 'other', note: 'Relocating next spring' });
  assert.equal(command.outcome.rank, 1);
  assert.equal('initiator' in command.outcome, false, 'left to the core to default from the reason');
  await pool.record(command);
  const [entry] = pool.list().entries;
  assert.equal(entry.outcome.note, 'Keep warm');
  assert.equal(entry.outcome.initiator, 'we_decided');
  pool.dispose();
});

test('only runner-ups carry a rank', () => {
  const command = outcomeCommand({ ...emptyDraft('r'), outcome: 'withdrew', rank: '3', reasonCode: 'timing' });
  assert.equal('rank' in command.outcome, false);
});

test('core error paths point at form fields and their controls', () => {
  assert.equal(fieldForPath('/outcome/reason/note'), 'reasonNote');
  assert.equal(fieldForPath('/outcome/reason/code'), 'reasonCode');
  assert.equal(fieldForPath('/outcome/rank'), 'rank');
  assert.equal(fieldForPath('/outcome/candidateId'), 'candidateId');
  assert.equal(fieldForPath('/candidate/name'), '');
  assert.equal(fieldForPath(''), '');
  assert.equal(fieldForPath(undefined), '');
  assert.equal(controlId('reasonNote'), 'ru-reason-note');
});
