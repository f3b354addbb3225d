// JSON Resume exports validated with ajv against the official schema (npm resume-schema, the
// v1.0.0 schema.json, JSON Schema draft-04), loaded from node_modules: nothing is fetched.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { NASTY, nastyPool } from './fixture.js';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('resume-schema/schema.json'), 'utf8'));
const golden = JSON.parse(readFileSync(new URL('../data/formats/c-1.resume.json', import.meta.url), 'utf8'));

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

test('the golden JSON Resume and every candidate of a pool validate against the official schema', async () => {
  const validate = validator();
  assert.ok(validate(golden), JSON.stringify(validate.errors, null, 1));
  const pool = await nastyPool();
  // What ATS imports let in: e-mails and links the schema's formats refuse.
  await pool.record({ type: 'saveCandidate', candidate: { id: 'odd-1', name: 'Odd One', emails: ['a@b@c', 'odd@localhost', 'odd@example.com'],
    links: ['https://example.com/say"hi"', 'https://de.example.org/wiki/Müller', 'https://example.com/%zz', 'https://github.com/odd'] } });
  await pool.record({ type: 'saveCandidate', candidate: { id: 'odd-2', name: 'Odd Two', emails: ['x@y@z'], links: ['https://example.com/a<b>'] } });
  const ids = pool.query({ type: 'candidates' }).candidates.map((c) => c.id);
  assert.equal(ids.length, NASTY.length + 2);
  for (const id of ids) {
    const resume = pool.exportJsonResume(id);
    assert.ok(validate(resume), `${id}: ${JSON.stringify(validate.errors, null, 1)}`);
    assert.ok(resume.meta.runnerup, 'the pipeline is under meta');
  }
  const odd = pool.exportJsonResume('odd-1');
  assert.equal(odd.basics.email, 'odd@example.com');
  assert.equal(odd.basics.url, 'https://github.com/odd');
  assert.deepEqual(odd.meta.runnerup.setAside.map((s) => s.value).sort(),
    ['a@b@c', 'odd@localhost', 'https://example.com/say"hi"', 'https://de.example.org/wiki/Müller', 'https://example.com/%zz'].sort(), 'nothing dropped silently');
  const two = pool.exportJsonResume('odd-2');
  assert.equal(two.basics.email, undefined);
  assert.equal(two.basics.profiles, undefined);
  assert.equal(two.meta.runnerup.setAside.length, 2);
  pool.dispose();
});

test('the validator refuses each value the exporter set aside, so setting them aside is needed', async () => {
  const validate = validator();
  for (const email of ['a@b@c', 'odd@localhost']) assert.equal(validate({ ...golden, basics: { ...golden.basics, email } }), false, email);
  for (const url of ['https://example.com/say"hi"', 'https://de.example.org/wiki/Müller', 'https://example.com/%zz', 'https://example.com/a<b>']) {
    assert.equal(validate({ ...golden, basics: { ...golden.basics, url } }), false, url);
  }
});

test('the validator is strict enough to refuse a broken resume', () => {
  const validate = validator();
  assert.equal(validate({ ...golden, basics: { ...golden.basics, email: 'not an e-mail' } }), false);
  assert.equal(validate({ ...golden, skills: 'go' }), false);
  assert.equal(validate({ ...golden, unknownTopLevel: 1 }), false);
});
