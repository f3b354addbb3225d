// Every error code a recruiter can meet has a sentence in every language of the widget: the
// core's codes (core/include/runnerup/error.hpp, the one list) and the facade's own (every
// `new RunnerUpError('<code>'` in web/src). English shows the error's own message; German shows
// the catalogue's sentence.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { catalogue, translator } from '../../web/src/i18n/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The enumerators of ErrorCode, as the core's header lists them. */
function coreCodes() {
  const header = readFileSync(join(root, 'core/include/runnerup/error.hpp'), 'utf8');
  const body = /enum class ErrorCode\s*{([^}]*)}/.exec(header)?.[1] ?? '';
  return body
    .split('\n')
    .map((line) => line.replace(/\/\/.*$/, '').trim())
    .flatMap((line) => line.split(','))
    .map((name) => name.trim())
    .filter(Boolean);
}

/** The codes the JS facade throws itself. */
function facadeCodes() {
  const codes = new Set();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/new RunnerUpError\(\s*'([a-z_]+)'/g)) codes.add(m[1]);
      }
    }
  };
  walk(join(root, 'web/src'));
  return [...codes];
}

test('the lists of codes are read from the sources, not empty', () => {
  const core = coreCodes();
  assert.ok(core.length >= 10 && core.every((c) => /^[a-z]+(_[a-z]+)*$/.test(c)), JSON.stringify(core));
  for (const code of ['malformed_json', 'unsupported_version']) assert.ok(core.includes(code), code);
  const facade = facadeCodes();
  for (const code of ['disposed', 'loading', 'unknown_format']) assert.ok(facade.includes(code), code);
});

test('every error code has a sentence in English and in German', () => {
  const codes = [...new Set([...coreCodes(), ...facadeCodes()])].sort();
  for (const lang of ['en', 'de']) {
    const { errors } = catalogue(lang);
    const missing = codes.filter((code) => !(typeof errors[code]?.text === 'string' && errors[code].text.trim()));
    assert.deepEqual(missing, [], `codes without a sentence in ${lang}.js`);
  }
});

test('in German every code shows the catalogue’s sentence, in English the error’s own message', () => {
  const de = translator('de');
  const en = translator('en');
  const original = 'An English message from the core.';
  for (const code of [...new Set([...coreCodes(), ...facadeCodes()])]) {
    const german = de.error({ code, message: original, path: '' });
    assert.equal(german.translated, true, code);
    assert.equal(german.text, catalogue('de').errors[code].text, code);
    assert.notEqual(german.text, catalogue('en').errors[code].text, `${code}: the German sentence is German`);
    assert.equal(german.detail, catalogue('de').errors[code].detail ? original : '', `${code}: the original follows where the sentence is general`);
    assert.deepEqual(en.error({ code, message: original, path: '' }), { text: original, detail: '', translated: false }, code);
  }
});
