// iCalendar exports parsed by a real iCalendar library: Debian's python3-icalendar.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { NASTY, nastyPool, read, tempDir } from './fixture.js';

test('the golden file parses', () => {
  const cal = read('ics', fileURLToPath(new URL('../data/formats/follow-ups.ics', import.meta.url)));
  assert.equal(cal.version, '2.0');
  assert.equal(cal.todos.length, 2);
  assert.ok(cal.todos[0].description.includes('ééé'), 'folding kept multi-byte characters whole');
});

test('every follow-up arrives with its due date and its note intact, or without names', async () => {
  const pool = await nastyPool();
  const dir = tempDir();
  writeFileSync(join(dir, 'named.ics'), pool.exportIcs());
  writeFileSync(join(dir, 'anonymous.ics'), pool.exportIcs({ names: false }));
  const named = read('ics', join(dir, 'named.ics'));
  assert.equal(named.todos.length, NASTY.length);
  assert.deepEqual(named.todos.map((t) => t.description).sort(), NASTY.map((v) => v.replace(/\r\n?/g, '\n')).sort());
  assert.ok(named.todos.every((t) => t.summary.startsWith('Follow up with Person ')));
  assert.ok(named.todos.every((t) => t.dtstamp === '2026-11-22T10:00:00+00:00'));
  assert.deepEqual(new Set(named.todos.map((t) => t.due.slice(0, 4))), new Set(['2027']));
  const anonymous = read('ics', join(dir, 'anonymous.ics'));
  assert.equal(anonymous.todos.length, NASTY.length);
  assert.ok(anonymous.todos.every((t) => t.summary === 'Follow up with a runner-up'));
  assert.ok(anonymous.todos.every((t) => !t.description || !NASTY.some((v) => t.description.includes(v.trim()))), 'no notes');
  assert.ok(!JSON.stringify(anonymous).includes('Person '), 'no names');
  pool.dispose();
});
