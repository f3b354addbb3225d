// Words, never codes, and messages that fit: <runnerup-pool> in real Chromium with the real wasm.
// A pool holding every event type, several reasons, flags, retention policies and employment
// types, and records of a recruiter the host names and of one it does not
// (tests/web/every-event.js) is walked view by view, in English and in German: the Pool, cards,
// the access export, Search with a ranking explained, Next in line, Close out (each choice of a
// row), Follow-ups, Feedback owed and the feedback draft (from it and from a card, in both
// languages), Insights, Retention, Import / export and the Undo bar. No text of the widget (its shadow roots
// included, and its titles, labels and placeholders) may look like an internal code: an event type
// ("retention.policy_set"), a snake_case word ("full_time") or a recruiter's id
// ("recruiter-sam-okafor"). A code planted in the page is found, so the check can fail.
// Then the messages: malformed host records fire runnerup-error and are listed together with the
// refused ones, a refused candidate is not offered, a confirmation clears when the recruiter moves
// on, and Undo is not offered after an erasure.
// Run `node scripts/bundle.mjs` first: the server serves dist/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ME, RECRUITERS, codesIn, seedEveryEvent } from '../web/every-event.js';
import { launch, openCard, openTab, widgetText } from './browser.js';

const WORDS = '/words-test.html';
const MESSAGES = '/messages-test.html';

const wordsPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>runnerup: words (test page)</title></head>
<body>
  <script type="module">
    import { openPool } from '/runnerup.js';
    const seed = ${seedEveryEvent.toString()};
    await seed((actor) => openPool({ name: 'e2e-words', actor, sync: false }));
    const widget = document.createElement('runnerup-pool');
    widget.setAttribute('pool', 'e2e-words');
    widget.setAttribute('actor', ${JSON.stringify(ME)});
    widget.recruiters = ${JSON.stringify(RECRUITERS)};
    document.body.append(widget);
  </script>
</body>
</html>`;

const messagesPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>runnerup: messages (test page)</title></head>
<body>
  <runnerup-pool pool="e2e-messages" actor="recruiter-e2e" requisition="r-1"></runnerup-pool>
  <script type="module">
    import '/runnerup.js';
    window.errors = [];
    const widget = document.querySelector('runnerup-pool');
    widget.addEventListener('runnerup-error', (e) => window.errors.push(e.detail));
  </script>
</body>
</html>`;

let b;
before(async () => {
  b = await launch();
  for (const [path, body] of [[WORDS, wordsPage], [MESSAGES, messagesPage]]) {
    await b.page.route(`${b.server.url}${path}`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }));
  }
});
after(async () => {
  await b?.close();
});

const SAY = {
  en: { accessExport: 'Access export…', close: 'Close', another: 'another recruiter', undo: /^Undo: Set the retention policy of Lena Vogel to US federal contractor/ },
  de: { accessExport: 'Auskunft erstellen…', close: 'Schließen', another: 'ein anderes Teammitglied', undo: /^Rückgängig: Aufbewahrungsregel für Lena Vogel auf „US-Bundesauftragnehmer“ gesetzt/ },
};

/** Walks the main views in `lang`; returns [{view, text}]. */
async function walkViews(page, lang) {
  const root = page.locator('runnerup-pool');
  const say = SAY[lang];
  const seen = [];
  const look = async (view) => seen.push({ view: `${lang} ${view}`, text: await widgetText(page) });
  const tab = (id) => openTab(root, id);
  const card = async (id) => {
    await openCard(root, id);
    await root.locator('runnerup-privacy-panel h3').first().waitFor();
  };

  await tab('pool');
  // the Undo bar: the last action in words
  assert.match(await root.locator('#ru-undo').innerText(), say.undo);
  await look('pool and the undo bar');

  for (const id of ['c-ana', 'c-lena', 'c-hana', 'c-kofi']) {
    await card(id);
    await look(`card ${id}`);
  }
  await card('c-omar'); // decided, owned, scored and contacted by a recruiter the host does not name
  assert.ok((await widgetText(page)).includes(say.another));
  await look('card of a record by another recruiter');
  await card('c-ines');
  assert.ok((await widgetText(page)).includes('Priya Raman'), 'a recruiter the host names is shown by name');
  await look('card of a record by a named recruiter');

  await tab('search');
  const search = root.locator('runnerup-search');
  for (const title of ['Platform engineer', 'Operations lead', 'Data analyst', 'Seasonal support']) {
    await search.locator('#ru-search-rank').selectOption({ label: title });
    const why = search.locator('button[aria-expanded]').first();
    await why.click();
    await search.locator('section.factors tbody tr').first().waitFor();
    await look(`search ranked for ${title}`);
  }

  await tab('next');
  for (const value of ['r-platform', 'r-ops']) {
    await root.locator('#ru-nil-req').selectOption(value);
    await look(`next in line ${value}`);
  }
  // Close out: the form as the core answers it, then every choice a row can take (not saved)
  await tab('closeout');
  for (const value of ['r-platform', 'r-temp']) {
    await root.locator('#ru-co-req').selectOption(value);
    await root.locator('fieldset.finalist').first().waitFor();
    await look(`close out ${value}`);
  }
  const row = (await root.locator('fieldset.finalist.left-out select').first().getAttribute('id')).replace('closeout-choice-', '');
  for (const value of ['runner_up', 'not_selected', 'not_a_fit', 'hired']) {
    await root.locator(`#closeout-choice-${row}`).selectOption(value);
    await root.locator(`#closeout-stage-${row}`).waitFor();
    await look(`close out, a row chosen as ${value}`);
  }
  await root.locator(`#closeout-choice-${row}`).selectOption('');
  for (const id of ['followups', 'feedback', 'insights', 'retention', 'transfer']) {
    await tab(id);
    await root.locator('[role=tabpanel]').waitFor();
    if (id === 'retention') await root.locator('runnerup-retention-view h3').first().waitFor();
    if (id === 'transfer') await root.locator('runnerup-transfer-view').waitFor();
    await look(id);
  }

  // the feedback draft, from Feedback owed and from a card, in the person's language and in the other one
  await tab('feedback');
  await root.locator('[role=tabpanel] button[data-draft]').first().click();
  await root.locator('#ru-draft-text').waitFor();
  await look('feedback draft from feedback owed');
  await root.locator('input[name="draft-language"]:not(:checked)').first().check();
  await root.locator('#ru-draft-sent').click();
  await root.locator('#ru-draft-confirm-q').waitFor();
  await look('feedback draft in the other language, asking to confirm');
  await root.locator('#ru-draft-back').click();
  await card('c-ana');
  await root.locator('#ru-card-draft').click();
  await root.locator('#ru-draft-text').waitFor();
  await look('feedback draft from the card');
  await root.locator('#ru-draft-back').click();

  // the access export (its history: every event about Ana), last: it is an action of its own
  await card('c-ana');
  const panel = root.locator('runnerup-privacy-panel');
  await panel.getByRole('button', { name: say.accessExport }).click();
  await panel.locator('#export-dialog article.export').waitFor();
  await look('access export');
  await panel.getByRole('button', { name: say.close, exact: true }).click();
  await root.locator(`#ru-card-back`).click();
  return seen;
}

test('no visible text of any view looks like an internal code, in English and German', async () => {
  const { page } = b;
  await page.goto(b.server.url + WORDS);
  const root = page.locator('runnerup-pool');
  await root.locator('#ru-undo').waitFor();

  const seen = await walkViews(page, 'en');
  await page.evaluate(() => document.querySelector('runnerup-pool').setAttribute('locale', 'de'));
  await root.getByRole('button', { name: 'Ergebnis erfassen' }).waitFor();
  await root.locator('#ru-tab-pool').click();
  // the English walk's access export is the last action now, and it cannot be undone: no Undo
  assert.equal(await root.locator('#ru-undo').count(), 0, 'Undo is not offered for an access export');
  // Lena's retention policy set again through her card, so the Undo bar has something to say in German
  await root.locator('[role=tabpanel] [data-card="c-lena"]').first().click();
  const select = root.locator('runnerup-privacy-panel select').first();
  await select.waitFor();
  await select.selectOption('us');
  await root.locator('#ru-undo', { hasText: 'Vereinigte Staaten' }).waitFor();
  await select.selectOption('us_federal_contractor');
  await root.locator('#ru-undo', { hasText: 'US-Bundesauftragnehmer' }).waitFor();
  await root.locator('#ru-card-back').click();
  seen.push(...(await walkViews(page, 'de')));

  const codes = seen.flatMap(({ view, text }) => codesIn(text).map((code) => `${view}: ${code}`));
  assert.deepEqual(codes, [], 'text that looks like an internal code');
  assert.ok(seen.every(({ text }) => text.length > 200), 'every view was rendered');

  // the check finds a code where one shows: planted in the privacy panel's shadow root
  await page.evaluate(() => {
    const panel = document.querySelector('runnerup-pool').shadowRoot.querySelector('runnerup-privacy-panel')
      ?? document.querySelector('runnerup-pool').shadowRoot.querySelector('[role=tabpanel]');
    const planted = document.createElement('span');
    planted.textContent = 'Undo: retention.policy_set by recruiter-sam-okafor (full_time)';
    (panel.shadowRoot ?? panel).append(planted);
  });
  assert.deepEqual(codesIn(await widgetText(page)).sort(), ['full_time', 'policy_set', 'recruiter-sam-okafor', 'retention.policy_set']);
});

test('messages: malformed host records fire runnerup-error and are listed together; a refused candidate is not offered; a confirmation clears on moving on; no Undo after an erasure', async () => {
  const { page } = b;
  await page.goto(b.server.url + MESSAGES);
  const root = page.locator('runnerup-pool');
  await root.getByRole('button', { name: 'Record outcome' }).waitFor();
  const alert = root.locator('#ru-alert');

  // not an array: an error event naming the property, and the alert says it in words
  await page.evaluate(() => (document.querySelector('runnerup-pool').requisitions = { id: 'r-1' }));
  await page.waitForFunction(() => window.errors.some((e) => e.path === '/requisitions'));
  assert.match(await alert.innerText(), /requisitions could not be read/);

  // entries of the wrong shape and records the core refuses: every one is listed, not only the last
  await page.evaluate(() => {
    const widget = document.querySelector('runnerup-pool');
    widget.requisitions = [{ id: 'r-1', title: 'Platform engineer', status: 'open' }];
    widget.candidates = [
      { id: 'c-ok', name: 'Okay Person' },
      42,
      { id: 'c-refused', name: 'Refused Person', favouriteColour: 'blue' },
      { id: 'c-refused-too', name: 'Refused Too', emails: 'not-a-list' },
    ];
  });
  await page.waitForFunction(() => window.errors.filter((e) => e.path.startsWith('/candidate')).length >= 3);
  const paths = await page.evaluate(() => window.errors.map((e) => e.path));
  assert.ok(paths.includes('/candidates/1'), `the entry that is not a record is named by its place: ${paths}`);
  await root.locator('#ru-alert li').nth(2).waitFor();
  const listed = await root.locator('#ru-alert li').allInnerTexts();
  assert.ok(listed.length >= 3, `several refusals are listed together: ${listed}`);
  assert.ok(listed.some((t) => /Candidate 2 from the host could not be read/.test(t)));
  assert.ok(listed.some((t) => /Refused Person/.test(t)));
  assert.ok(listed.some((t) => /Refused Too/.test(t)));

  // the outcome dialog offers the saved candidate, not the refused ones
  await root.getByRole('button', { name: 'Record outcome' }).click();
  const options = await root.locator('#outcome-candidateId option').allInnerTexts();
  assert.ok(options.includes('Okay Person'), `offered: ${options}`);
  assert.ok(!options.some((o) => /Refused/.test(o)), `refused candidates are not offered: ${options}`);
  await root.locator('#outcome-candidateId').selectOption({ label: 'Okay Person' });
  await root.getByLabel('Stage reached').selectOption({ label: 'Final round' });
  await root.getByLabel('Reason', { exact: true }).selectOption({ label: 'Timing' });
  await root.getByRole('button', { name: 'Save to pool' }).click();
  const status = root.locator('[role="status"]');
  await status.getByText(/Recorded Okay Person/).waitFor();
  assert.equal(await root.locator('#ru-alert li').count(), 0, 'an action clears the earlier errors');

  // moving on clears the confirmation
  await root.locator('#ru-tab-followups').click();
  assert.equal((await status.innerText()).trim(), '', 'the confirmation does not follow the recruiter to another tab');

  // an erasure: Undo is not offered after it (it would fail)
  await root.locator('#ru-tab-pool').click();
  await root.locator('[role=tabpanel] [data-card="c-ok"]').first().click();
  await root.locator('#ru-undo').waitFor();
  const panel = root.locator('runnerup-privacy-panel');
  await panel.getByRole('button', { name: 'Erase personal data…' }).click();
  await panel.locator('#erase-dialog').getByRole('button', { name: 'Erase', exact: true }).click();
  await panel.getByText(/erased/i).first().waitFor();
  await page.waitForFunction(() => !document.querySelector('runnerup-pool').shadowRoot.querySelector('#ru-undo'));
});
