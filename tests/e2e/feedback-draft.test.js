// The feedback draft in real Chromium with the real wasm core, in English and in German: from the
// card and from Feedback owed, the core's draft (in the person's language: the widget's for a
// person with no country, German for a person in Germany; the recruiter can switch), what it left
// out (a recorded line about a protected characteristic) said in words, edited, copied (and the
// fallback when the browser refuses the clipboard), the mailto link holding the edited text, and
// "I sent it" recording feedback given by e-mail with the edited text, only once confirmed.
// axe finds no violation in the draft, and no text of it looks like an internal code.
// Run `node scripts/bundle.mjs` first: the server serves dist/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { codesIn } from '../web/every-event.js';
import { axeViolations, launch } from './browser.js';

const PAGE = '/feedback-draft-test.html';

// What the test page runs: a pool seeded through the facade, then the widget on it.
const SEED = `
    import { openPool } from '/runnerup.js';
    const name = new URLSearchParams(location.search).get('pool');
    const pool = await openPool({ name, actor: 'recruiter-e2e', sync: false });
    const outcome = (candidateId, rank, reason, futureFit, extra = {}) => ({ type: 'recordOutcome', outcome: {
      candidateId, requisitionId: 'r-1', stage: 'final', outcome: 'runner_up', rank, reason: { code: reason }, futureFit, ...extra } });
    await pool.record({ type: 'saveRequisition', requisition: { id: 'r-1', title: 'Platform Engineer', status: 'filled' } });
    await pool.record({ type: 'saveCandidate', candidate: { id: 'c-ana', name: 'Ana Núñez', emails: ['ana@example.com'] } });
    await pool.record({ type: 'saveCandidate', candidate: { id: 'c-lena', name: 'Lena Vogel', emails: ['lena.vogel@example.de'],
      location: { city: 'Berlin', country: 'DE' } } });
    await pool.record({ ...outcome('c-ana', 1, 'internal_candidate', 'strong'), flags: { openToContract: true } });
    await pool.record(outcome('c-lena', 2, 'stronger_candidate', 'qualified', { skillGaps: ['kubernetes'] }));
    await pool.record({ type: 'giveFeedback', feedback: { candidateId: 'c-ana', requisitionId: 'r-1', channel: 'phone',
      givenAt: '2026-11-02T10:00:00Z', strengths: 'Clear system design\\nEnergetic for her age', improvements: 'Practise estimating work' } });
    await pool.record({ type: 'giveFeedback', feedback: { candidateId: 'c-lena', requisitionId: 'r-1', channel: 'phone',
      givenAt: '2026-11-02T10:00:00Z', strengths: 'Sehr strukturiert\\nKopftuch könnte Kunden irritieren' } });
    await pool.record({ type: 'requestFeedback', request: { candidateId: 'c-lena', requisitionId: 'r-1', requestedAt: '2026-11-20T10:00:00Z' } });
    pool.dispose();
    window.changes = [];
    const widget = document.createElement('runnerup-pool');
    widget.setAttribute('pool', name);
    widget.setAttribute('actor', 'recruiter-e2e');
    widget.addEventListener('runnerup-change', (e) => window.changes.push(...e.detail.events));
    document.body.append(widget);
`;

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">` +
  `<title>runnerup: feedback draft (test page)</title></head><body><script type="module">${SEED}</script></body></html>`;

let b;
before(async () => {
  b = await launch();
  await b.page.route((url) => url.pathname === PAGE, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: page }));
  await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(b.server.url).origin });
});
after(async () => {
  await b?.close();
});

/** The draft view's text, titles and labels included. */
function draftText(p) {
  return p.evaluate(() => {
    const view = document.querySelector('runnerup-pool').shadowRoot.querySelector('.view.draft');
    const out = [view.innerText];
    for (const el of view.querySelectorAll('[title],[aria-label]')) out.push(el.getAttribute('title') || '', el.getAttribute('aria-label') || '');
    return out.join('\n');
  });
}

/** The mailto link's parts, decoded. */
function readMailto(href) {
  const [address, query] = href.slice('mailto:'.length).split('?');
  const params = Object.fromEntries(query.split('&').map((kv) => kv.split('=')).map(([k, v]) => [k, decodeURIComponent(v)]));
  return { address: decodeURIComponent(address), ...params };
}

test('English: from the card, a draft in the widget’s language, edited, copied, opened in mail and recorded as sent once confirmed', async () => {
  const p = b.page;
  await p.goto(`${b.server.url}${PAGE}?pool=e2e-draft-en`);
  const root = p.locator('runnerup-pool');
  await root.locator('[role=tabpanel] [data-card="c-ana"]').first().click();
  await root.locator('#ru-card-draft').click();
  const text = root.locator('#ru-draft-text');
  await text.waitFor();
  assert.equal(await root.locator('#ru-draft-title').evaluate((el) => el === el.getRootNode().activeElement), true, 'the draft’s title has the focus');

  const drafted = await text.inputValue();
  assert.match(drafted, /^Dear Ana Núñez,\n\n/);
  assert.match(drafted, /a colleague from within the company\. This decision was not about you or your abilities\./);
  assert.match(drafted, /What stood out to us:\n- Clear system design\n\n/);
  assert.match(drafted, /What could make the difference next time:\n- Practise estimating work/);
  assert.match(drafted, /We sometimes also have contract work\./);
  assert.doesNotMatch(drafted, /\bage\b|undefined/);
  assert.equal(await root.locator('#ru-draft-subject').inputValue(), 'Your application for Platform Engineer');
  assert.equal(await root.locator('input[name="draft-language"][value="en"]').isChecked(), true);
  const leftOut = await root.locator('#ru-draft-left-out').innerText();
  assert.match(leftOut, /One recorded note was left out of the draft/);
  assert.match(leftOut, /Strengths: “Energetic for her age” mentions age\./);

  // edited: the recruiter's own words are what is copied, linked and recorded
  const edited = drafted.replace('Kind regards,', 'P.S. I will call you in spring about the next platform role.\n\nKind regards,\nSam');
  await text.fill(edited);
  await root.locator('#ru-draft-copy').click();
  await root.locator('#ru-draft-copy-status', { hasText: 'Copied. Paste it into your e-mail.' }).waitFor();
  assert.equal(await p.evaluate(() => navigator.clipboard.readText()), edited);

  const mail = readMailto(await root.locator('#ru-draft-mail').getAttribute('href'));
  assert.equal(mail.address, 'ana@example.com');
  assert.equal(mail.subject, 'Your application for Platform Engineer');
  assert.equal(mail.body, edited.replace(/\n/g, '\r\n'));
  assert.match(await root.locator('#ru-draft-mail').getAttribute('href'), /^mailto:ana@example\.com\?subject=Your%20application%20for%20Platform%20Engineer&body=Dear%20Ana%20N%C3%BA%C3%B1ez%2C%0D%0A%0D%0A/);

  // "I sent it" asks first; "Not yet" records nothing
  await root.locator('#ru-draft-sent').click();
  await root.locator('#ru-draft-confirm-q', { hasText: 'Record that you sent this feedback to Ana Núñez by e-mail today?' }).waitFor();
  assert.deepEqual(await axeViolations(p), [], 'axe: the draft with what was left out and the confirmation');
  assert.deepEqual(codesIn(await draftText(p)), []);
  await root.locator('#ru-draft-confirm-no').click();
  assert.equal(await root.locator('#ru-draft-confirm-q').count(), 0);
  assert.deepEqual(await p.evaluate(() => window.changes), []);

  await root.locator('#ru-draft-sent').click();
  await root.locator('#ru-draft-confirm-yes').click();
  await root.locator('[role=status]', { hasText: 'Feedback to Ana Núñez recorded as sent by e-mail.' }).waitFor();
  await root.locator('#ru-card-title', { hasText: 'Ana Núñez' }).waitFor(); // back on the card
  const changes = await p.evaluate(() => window.changes);
  assert.equal(changes.length, 1);
  assert.equal(changes[0].type, 'feedback.given');
  assert.equal(changes[0].data.channel, 'email');
  assert.equal(changes[0].data.requisitionId, 'r-1');
  assert.equal(changes[0].data.summary, edited.trim());
  assert.match(await root.locator('[data-card-of]').innerText(), /P\.S\. I will call you in spring/);

  // a person in Germany: drafted in German, whatever the widget speaks; the recruiter can switch
  await root.locator('#ru-card-back').click();
  await root.locator('[role=tabpanel] [data-card="c-lena"]').first().click();
  await root.locator('#ru-card-draft').click();
  await root.locator('#ru-draft-text').waitFor();
  assert.match(await root.locator('#ru-draft-text').inputValue(), /^Guten Tag Lena Vogel,\n\nvielen Dank/);
  assert.equal(await root.locator('input[name="draft-language"][value="de"]').isChecked(), true);
  await root.locator('input[name="draft-language"][value="en"]').check();
  await root.locator('#ru-draft-text').evaluate((el) => new Promise((r) => (el.value.startsWith('Dear') ? r() : setTimeout(r, 100))));
  assert.match(await root.locator('#ru-draft-text').inputValue(), /^Dear Lena Vogel,/);
  assert.match(await root.locator('#ru-draft-left-out').innerText(), /mentions religion or belief/);
  await root.locator('#ru-draft-back').click();
  await root.locator('#ru-card-draft').waitFor();
  assert.deepEqual(b.errors, []);
});

test('German: from Feedback owed, the draft in German, the clipboard refused and said so, mailto, recorded once confirmed', async () => {
  const p = b.page;
  await p.goto(`${b.server.url}${PAGE}?pool=e2e-draft-de`);
  const root = p.locator('runnerup-pool');
  await root.locator('#ru-tab-pool').waitFor();
  await p.evaluate(() => document.querySelector('runnerup-pool').setAttribute('locale', 'de'));
  await root.getByRole('tab', { name: 'Offenes Feedback' }).click();
  const row = root.locator('tr[data-candidate="c-lena"]');
  await row.getByRole('button', { name: 'Feedback entwerfen' }).click();
  const text = root.locator('#ru-draft-text');
  await text.waitFor();
  const drafted = await text.inputValue();
  assert.match(drafted, /^Guten Tag Lena Vogel,\n\nvielen Dank für die Zeit und Sorgfalt, die Sie in Ihre Bewerbung für die Stelle „Platform Engineer“ gesteckt haben\./);
  assert.match(drafted, /Was uns besonders positiv aufgefallen ist:\n- Sehr strukturiert\n\n/);
  assert.match(drafted, /kubernetes/);
  assert.match(drafted, /Diese Entscheidung hat nichts mit Ihnen oder Ihren Fähigkeiten zu tun\./);
  assert.match(drafted, /Mit freundlichen Grüßen\n$/);
  assert.doesNotMatch(drafted, /Kopftuch|undefined/);
  assert.match(await root.locator('#ru-draft-left-out').innerText(), /Stärken: „Kopftuch könnte Kunden irritieren“ erwähnt Religion oder Weltanschauung\./);
  assert.equal(await root.locator('#ru-draft-subject').inputValue(), 'Ihre Bewerbung: Platform Engineer');

  const edited = drafted.replace('Mit freundlichen Grüßen', 'Ich rufe Sie im Frühjahr an.\n\nMit freundlichen Grüßen\nSam');
  await text.fill(edited);
  await root.locator('#ru-draft-subject').fill('Ihre Bewerbung bei uns');
  // a browser that refuses the clipboard: the message is selected and the recruiter told how to copy it
  await p.evaluate(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  });
  await root.locator('#ru-draft-copy').click();
  await root.locator('#ru-draft-copy-status', { hasText: 'Ihr Browser hat das Kopieren nicht erlaubt.' }).waitFor();
  const selected = await text.evaluate((el) => [el.selectionStart, el.selectionEnd, el.value.length]);
  assert.deepEqual(selected, [0, edited.length, edited.length]);

  const mail = readMailto(await root.locator('#ru-draft-mail').getAttribute('href'));
  assert.equal(mail.address, 'lena.vogel@example.de');
  assert.equal(mail.subject, 'Ihre Bewerbung bei uns');
  assert.equal(mail.body, edited.replace(/\n/g, '\r\n'));
  assert.equal(await root.locator('#ru-draft-mail').innerText(), 'In E-Mail öffnen');

  await root.locator('#ru-draft-sent').click();
  await root.locator('#ru-draft-confirm-q', { hasText: 'Festhalten, dass Sie Lena Vogel dieses Feedback heute per E-Mail gesendet haben?' }).waitFor();
  assert.deepEqual(await axeViolations(p), [], 'axe: the German draft');
  assert.deepEqual(codesIn(await draftText(p)), []);
  await root.locator('#ru-draft-confirm-yes').click();
  await root.locator('[role=status]', { hasText: 'Feedback an Lena Vogel als per E-Mail gesendet festgehalten.' }).waitFor();
  // back on Feedback owed, where Lena is owed nothing any more
  await root.locator('#ru-tab-feedback[aria-selected="true"]').waitFor();
  assert.equal(await root.locator('tr[data-candidate="c-lena"]').count(), 0);
  assert.equal(await root.locator('#ru-tab-feedback').evaluate((el) => el === el.getRootNode().activeElement), true, 'the focus is back on the tab');
  const changes = await p.evaluate(() => window.changes);
  assert.equal(changes.length, 1);
  assert.equal(changes[0].type, 'feedback.given');
  assert.equal(changes[0].data.channel, 'email');
  assert.equal(changes[0].data.summary, edited.trim());
  assert.deepEqual(b.errors, []);
});
