// A whole Greenhouse or Lever export imported through the facade (Pool.importFiles), as the
// Import tab does, against the real wasm core: the core places and orders the files, and every
// record lands as tests/data/imports/<vendor>/expected.json says (the file the core's own tests
// assert, read here, not copied).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { openPool } from '../../web/src/pool.js';
import { memoryStorage } from '../../web/src/storage.js';
import { rejects, wasmBinary } from './helpers.js';

const NOW = new Date('2026-11-20T09:30:00Z');
const dir = (vendor) => new URL(`../data/imports/${vendor}/`, import.meta.url);
const expected = (vendor) => JSON.parse(readFileSync(new URL('expected.json', dir(vendor)), 'utf8'));

/** The export's files as the Import tab's folder input gives them: a path and a Blob, in reverse order. */
function exportFiles(vendor, { without = [] } = {}) {
  return readdirSync(dir(vendor), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json') && e.name !== 'expected.json')
    .map((e) => {
      const path = join(e.parentPath ?? e.path, e.name);
      const name = relative(fileURLToPath(dir(vendor)), path).split('\\').join('/');
      return { name, file: new Blob([readFileSync(path)]) };
    })
    .filter((f) => !without.includes(f.name))
    .sort((a, b) => b.name.localeCompare(a.name));
}

async function freshPool(storage = memoryStorage()) {
  return openPool({ name: 'imports', actor: 'recruiter-1', storage, wasmBinary, sync: false, now: () => NOW });
}


/** The report's lines and the pool against expected.json. */
function assertAsExpected(pool, report, vendor) {
  const want = expected(vendor);
  assert.equal(report.error, null);
  assert.equal(report.records.length, want.records.length, JSON.stringify(report.records, null, 1));
  want.records.forEach((w, i) => {
    const got = report.records[i];
    const where = `${vendor} record ${i} (${got.id}): ${got.reason}`;
    assert.equal(got.document, w.document, where);
    assert.equal(got.id, w.id, where);
    assert.equal(got.status, w.status, where);
    assert.equal(got.number, w.number, `${where}: numbered from 1 within its document`);
    if (w.field !== undefined) assert.equal(got.field, w.field, where);
    for (const part of w.reasonIncludes ?? []) assert.ok(got.reason.includes(part), `${where}\n  lacks: ${part}`);
  });
  const people = new Map(pool.query({ type: 'candidates' }).candidates.map((c) => [c.id, c]));
  for (const [id, fields] of Object.entries(want.candidates)) {
    assert.ok(people.has(id), `candidate ${id}`);
    if (fields.name) assert.equal(people.get(id).name, fields.name, `name of ${id}`);
  }
  for (const id of want.absentCandidates) assert.ok(!people.has(id), `${id} is not a person in the pool`);
  for (const [key, fields] of Object.entries(want.outcomes)) {
    const [candidateId, requisitionId] = key.split(' ');
    const person = pool.query({ type: 'candidate', id: candidateId });
    const outcome = person.outcomes.find((o) => o.requisitionId === requisitionId);
    assert.ok(outcome, `outcome ${key}`);
    for (const name of ['outcome', 'stage', 'stageName', 'initiator']) {
      if (fields[name] !== undefined) assert.equal(outcome[name] ?? '', fields[name], `${name} of ${key}`);
    }
    if (fields.reason?.text !== undefined) assert.equal(outcome.reason?.text ?? '', fields.reason.text, `reason of ${key}`);
  }
  for (const [id, flags] of Object.entries(want.flags)) {
    if (flags.doNotContact !== undefined) assert.equal(pool.query({ type: 'candidate', id }).doNotContact, flags.doNotContact, `do not contact: ${id}`);
  }
  for (const [id, n] of Object.entries(want.followUps)) {
    const open = pool.query({ type: 'candidate', id }).followUps ?? [];
    assert.equal(open.length, n, `follow-ups of ${id}`);
  }
}

describe('importFiles: a whole export through the facade', () => {
  for (const vendor of ['greenhouse', 'lever']) {
    test(`a ${vendor} export, its files in any order and read in small chunks, lands as its expected file says`, async () => {
      const storage = memoryStorage();
      const pool = await freshPool(storage);
      const progress = [];
      const files = exportFiles(vendor);
      const report = await pool.importFiles(files, { chunkSize: 97, onProgress: (p) => progress.push(p) });
      assert.equal(report.format, vendor, 'told from the files');
      assertAsExpected(pool, report, vendor);
      // every file placed and reported as it was read, the references first
      assert.deepEqual(new Set(report.files.map((f) => f.name)), new Set(files.map((f) => f.name)));
      const firstDocument = report.files.findIndex((f) => !f.reference);
      assert.ok(report.files.slice(firstDocument).every((f) => !f.reference), 'references first');
      const read = [...new Set(progress.filter((p) => p.phase === 'reading').map((p) => p.file))];
      assert.deepEqual(read, report.files.map((f) => f.name));
      assert.ok(progress.every((p) => p.fileCount === files.length));
      // stored before applied: the stored events rebuild the same pool
      assert.equal((await storage.loadEvents()).length, pool.exportLog().events.length);
      assert.equal(report.changed, report.accepted + report.merged, 'into an empty pool every record read is new');
      assert.equal(report.unchanged, 0);
      // the same export again: nothing new, and the report says so
      const again = await pool.importFiles(exportFiles(vendor));
      assert.deepEqual([again.changed, again.unchanged, again.events], [0, report.accepted + report.merged, 0]);
      assert.ok(again.records.every((r) => r.changed === false));
      pool.dispose();
    });
  }

  test('previewExport says what each file is before anything is read', async () => {
    const pool = await freshPool();
    const plan = await pool.previewExport(exportFiles('greenhouse').map(({ name, file }) => ({ name, file })));
    assert.equal(plan.format, 'greenhouse');
    const kinds = Object.fromEntries(plan.files.map((f) => [f.name, f.kind]));
    assert.equal(kinds['job_stages.json'], 'job_stages');
    assert.equal(kinds['activity_feed/60001.json'], 'activity_feed');
    assert.equal(pool.exportLog().events.length, 0);
    pool.dispose();
  });

  test('a Lever export without its archive reasons is refused, naming the file, and nothing is stored', async () => {
    const storage = memoryStorage();
    const pool = await freshPool(storage);
    const error = await rejects(pool.importFiles(exportFiles('lever', { without: ['archive_reasons.json'] })), 'missing_field');
    assert.equal(error.path, '/files/archive_reasons');
    assert.match(error.message, /archive_reasons\.json/);
    assert.match(error.message, /nothing was imported/);
    assert.equal((await storage.loadEvents()).length, 0);
    assert.equal(pool.exportLog().events.length, 0);
    pool.dispose();
  });

  test('a file of the other ATS in an export is refused, naming it', async () => {
    const pool = await freshPool();
    const files = [...exportFiles('lever'), { name: 'candidates.json', file: new Blob([readFileSync(new URL('candidates.json', dir('greenhouse')))]) }];
    const error = await rejects(pool.importFiles(files, { format: 'lever' }), 'invalid_field');
    assert.match(error.message, /candidates\.json looks like Greenhouse/);
    assert.equal(pool.exportLog().events.length, 0);
    pool.dispose();
  });
});
