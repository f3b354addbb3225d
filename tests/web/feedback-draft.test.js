// The feedback draft against the real wasm core: the facade's query answers in English and
// German, what the core left out is shown in words in both languages (never its codes), the
// mailto link encodes what a mail client needs (and leaves a long body out), and what "I sent
// it" records is feedback given by e-mail with the message as its summary, through the core.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPool } from '../../web/src/pool.js';
import { memoryStorage } from '../../web/src/storage.js';
import { DRAFT_VIEW, renderFeedbackDraft, sentFeedback } from '../../web/src/views/feedback-draft.js';
import { MAILTO_MAX_LENGTH, mailtoHref } from '../../web/src/views/mailto.js';
import { codesIn } from './every-event.js';
import { ana, runnerUp, seed, staff, wasmBinary } from './helpers.js';
import { flatten, viewContext } from './render.js';

async function seeded() {
  const pool = await openPool({ actor: 'r-1', storage: memoryStorage(), wasmBinary });
  await seed(pool);
  await pool.record({ type: 'saveCandidate', candidate: { ...ana, emails: ['ana@example.com'] } });
  await pool.record(runnerUp(ana.id, { reason: { code: 'internal_candidate', note: '' }, skillGaps: ['kubernetes'] }));
  await pool.record({ type: 'giveFeedback', feedback: { candidateId: ana.id, requisitionId: staff.id, channel: 'phone',
    strengths: 'Clear system design\nSehr reif für ihr Alter', improvements: 'Mentioned her pregnancy\nPractise estimating work' } });
  return pool;
}

test('the core drafts in English and German, leaving out what mentions a protected characteristic', async () => {
  const pool = await seeded();
  try {
    const en = pool.query({ type: 'feedbackDraft', candidateId: ana.id, today: '2026-11-22', locale: 'en-GB' });
    assert.equal(en.language, 'en');
    assert.equal(en.languageFrom, 'locale');
    assert.equal(en.to, 'ana@example.com');
    assert.equal(en.subject, 'Your application for Staff engineer');
    assert.match(en.body, /^Dear Ana Núñez,\n\n/);
    assert.match(en.body, /This decision was not about you or your abilities\./);
    assert.match(en.body, /- Clear system design\n/);
    assert.match(en.body, /- Practise estimating work\n/);
    assert.match(en.body, /kubernetes/);
    assert.doesNotMatch(en.body, /Alter|pregnan|undefined|\{/);
    assert.deepEqual(en.leftOut.map((x) => [x.field, x.item, x.characteristic]), [['strengths', 2, 'age'], ['improvements', 1, 'pregnancy_parenthood']]);
    assert.deepEqual(en.sections, ['greeting', 'thanks', 'reason', 'strengths', 'improvements', 'skillGaps', 'stayInTouch', 'closing']);

    const de = pool.query({ type: 'feedbackDraft', candidateId: ana.id, today: '2026-11-22', language: 'de' });
    assert.equal(de.languageFrom, 'chosen');
    assert.equal(de.subject, 'Ihre Bewerbung: Staff engineer');
    assert.match(de.body, /^Guten Tag Ana Núñez,\n\nvielen Dank/);
    assert.match(de.body, /Diese Entscheidung hat nichts mit Ihnen oder Ihren Fähigkeiten zu tun\./);
    assert.doesNotMatch(de.body, /Alter|pregnan|undefined/);
    assert.equal(de.leftOut.length, 2);
    assert.throws(() => pool.query({ type: 'feedbackDraft', candidateId: ana.id, today: '2026-11-22', language: 'fr' }), { code: 'invalid_field', path: '/language' });
  } finally {
    pool.dispose();
  }
});

test('the draft view says what was left out in words, in English and German, and records what was sent through the core', async () => {
  const pool = await seeded();
  try {
    for (const [locale, said] of [
      ['en', ['Feedback for Ana Núñez', '2 recorded notes were left out of the draft', 'Strengths : “ Sehr reif für ihr Alter ” mentions age .',
        'To improve : “ Mentioned her pregnancy ” mentions pregnancy or parenthood .', 'Open in mail', 'I sent it', 'Language of the message']],
      ['de', ['Feedback für Ana Núñez', '2 festgehaltene Notizen wurden im Entwurf weggelassen', 'Stärken : „ Sehr reif für ihr Alter “ erwähnt das Alter .',
        'Verbesserungen : „ Mentioned her pregnancy “ erwähnt Schwangerschaft oder Elternschaft .', 'In E-Mail öffnen', 'Ich habe sie gesendet', 'Sprache der Nachricht']],
    ]) {
      const ctx = viewContext(pool, locale);
      ctx.state = (id) => (id === DRAFT_VIEW ? { open: true, candidateId: ana.id, requisitionId: staff.id, language: '', subject: null, text: null } : {});
      const text = flatten(renderFeedbackDraft(ctx, () => {})).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
      for (const words of said) assert.ok(text.includes(words), `${locale}: “${words}” in ${text}`);
      assert.deepEqual(codesIn(text.replace(/mailto:\S+/g, ' ')), [], `${locale}: no code on screen`);
    }

    const draft = pool.query({ type: 'feedbackDraft', candidateId: ana.id, requisitionId: staff.id, today: '2026-11-22' });
    const edited = `${draft.body}\nP.S. Talk soon.\n`;
    const events = await pool.record(sentFeedback(draft, edited));
    assert.equal(events.length, 1);
    assert.equal(events[0].type, 'feedback.given');
    const card = pool.query({ type: 'candidate', id: ana.id });
    const given = card.feedback.at(-1);
    assert.equal(given.channel, 'email');
    assert.equal(given.requisitionId, staff.id);
    assert.equal(given.summary, edited.trim());
  } finally {
    pool.dispose();
  }
});

test('the mailto link percent-encodes the address, subject and body with CRLF line breaks, and leaves a long body out', () => {
  const { href, withBody } = mailtoHref('ana+jobs@example.com', 'Ihre Bewerbung: „Staff“ & more?', 'Guten Tag Ana,\n\nvielen Dank.\n- 100% klar');
  assert.equal(withBody, true);
  assert.equal(href, 'mailto:ana%2Bjobs@example.com?subject=Ihre%20Bewerbung%3A%20%E2%80%9EStaff%E2%80%9C%20%26%20more%3F' +
    '&body=Guten%20Tag%20Ana%2C%0D%0A%0D%0Avielen%20Dank.%0D%0A-%20100%25%20klar');
  const body = href.split('&body=')[1];
  assert.equal(decodeURIComponent(body), 'Guten Tag Ana,\r\n\r\nvielen Dank.\r\n- 100% klar');

  const long = mailtoHref('ana@example.com', 'Your application', 'ü'.repeat(MAILTO_MAX_LENGTH));
  assert.equal(long.withBody, false);
  assert.equal(long.href, 'mailto:ana@example.com?subject=Your%20application');
  assert.equal(mailtoHref('', 'S', 'B').href, 'mailto:?subject=S&body=B');
});
