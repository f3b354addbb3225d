// The runner-up lifecycle in the widget, in real Chromium with real IndexedDB and the real wasm:
// record three runner-ups for a filled requisition, log feedback, flag one for contract work, set
// a follow-up, mark the hire as backed out, see next in line in order, reload; the same journey by
// keyboard alone; and invalid actions that show the core's error and change nothing.
// Run `node scripts/bundle.mjs` first: the server serves dist/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launch, storedEvents } from './browser.js';

const DEMO = '/demo/';
const TODAY = '2026-11-20';

async function openDemo(b) {
  await b.page.goto(b.server.url + DEMO);
  const root = b.page.locator('runnerup-pool');
  await root.getByRole('button', { name: 'Record outcome', exact: true }).waitFor();
  // pin the widget's date so that due and overdue are deterministic
  await b.page.evaluate((today) => {
    document.querySelector('runnerup-pool').today = today;
  }, TODAY);
  // the host's candidates are saved once the pool is open
  await b.page.waitForFunction(() => {
    const el = document.querySelector('runnerup-pool');
    return el.shadowRoot.querySelector('#ru-filter')?.options.length >= 4;
  });
  return widget(root);
}

function widget(root) {
  return {
    root,
    openForm: root.getByRole('button', { name: 'Record outcome', exact: true }),
    dialog: root.locator('dialog'),
    alert: root.locator('#ru-alert'),
    dialogAlert: root.locator('#ru-dialog-alert'),
    status: root.locator('[role="status"]'),
    tab: (name) => root.getByRole('tab', { name }),
    rows: root.locator('tbody tr'),
    ranking: root.locator('ol.ranking > li'),
    card: root.locator('[data-card-of]'),
  };
}

/** The names in Next in line, in the order shown. */
async function rankingNames(w) {
  return w.ranking.locator('.name-link').allInnerTexts();
}

/** The element that has focus, through shadow roots: its tag, id, name, label and text. */
function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return null;
    const label = el.labels?.[0]?.textContent.trim() || el.getAttribute('aria-label') || '';
    return { tag: el.tagName.toLowerCase(), id: el.id, label, text: (el.textContent || '').trim().slice(0, 80), value: el.value };
  });
}

/** Presses Tab (or Shift+Tab) until the focused element matches; fails after `max` presses. */
async function tabTo(page, match, { back = false, max = 80 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (f && match(f)) return f;
  }
  throw new Error(`Tab never reached the element (last: ${JSON.stringify(await focused(page))})`);
}
const byLabel = (label) => (f) => f.label === label;
const byText = (text) => (f) => f.text === text || f.label === text;

/** Records a runner-up with the mouse and Playwright's fill. */
async function recordWithMouse(w, { name, reason, futureFit, contract = false, followUp = '' }) {
  await w.openForm.click();
  const d = w.dialog;
  await d.getByLabel('Candidate', { exact: true }).selectOption({ label: name });
  await d.getByLabel('Reason', { exact: true }).selectOption({ label: reason });
  await d.getByLabel('Future fit').selectOption({ label: futureFit });
  if (contract) await d.getByLabel('Open to contract').check();
  if (followUp) {
    await d.getByLabel('Schedule a follow-up').check();
    await d.getByLabel('Follow-up due').fill(followUp);
    await d.getByLabel('Follow-up note').fill('Ask about the platform roles');
  }
  await d.getByRole('button', { name: 'Save to pool' }).click();
  await w.dialog.waitFor({ state: 'detached' });
}

/** What a reload must still show: the pool, the order, the back-out, the feedback, flag and follow-up. */
async function assertJourneyKept(b, { feedbackFor, summary, contractFor, followUpFor }) {
  const w = await openDemo(b);
  await w.rows.nth(2).waitFor();
  assert.equal(await w.rows.count(), 3);
  assert.match(await w.rows.filter({ hasText: contractFor }).innerText(), /Open to contract/);

  await w.tab('Next in line').click();
  await w.ranking.nth(2).waitFor();
  assert.deepEqual(await rankingNames(w), ['José Müller-García', 'Priya Raman', 'Aiyana Begay']);
  assert.match(await w.root.getByRole('list', { name: 'Back-outs' }).innerText(), /Hire backed out: Offer declined/);
  assert.match(await w.ranking.filter({ hasText: feedbackFor }).innerText(), new RegExp(`Feedback given .*${summary}`));

  await w.tab('Follow-ups').click();
  assert.match(await w.root.locator('section[aria-labelledby="ru-fu-upcoming"]').innerText(), new RegExp(followUpFor));

  await w.tab('Pool').click();
  await w.root.getByRole('button', { name: feedbackFor, exact: true }).click();
  await w.card.waitFor();
  assert.match(await w.card.locator('section[aria-labelledby="ru-card-feedback"]').innerText(), new RegExp(summary));
}

describe('the runner-up lifecycle', () => {
  let b;
  before(async () => {
    b = await launch();
  });
  after(async () => {
    await b?.close();
  });

  test('record three runner-ups, log feedback, flag, follow up, back out, next in line; kept after a reload', async () => {
    const w = await openDemo(b);
    await recordWithMouse(w, { name: 'José Müller-García', reason: 'Stronger candidate selected', futureFit: 'Strong fit', followUp: '2026-12-01' });
    await recordWithMouse(w, { name: 'Aiyana Begay', reason: 'Skills gap', futureFit: 'Qualified, not selected' });
    await recordWithMouse(w, { name: 'Priya Raman', reason: 'Compensation expectations', futureFit: 'Qualified, not selected', contract: true });
    await w.rows.nth(2).waitFor();
    assert.deepEqual(
      await w.rows.locator('td:nth-child(7)').allInnerTexts().then((r) => r.map((x) => x.split('\n')[0])),
      ['1', '2', '3'],
      'ranks suggested in order',
    );

    // feedback for Aiyana, from her card
    await w.root.getByRole('button', { name: 'Aiyana Begay', exact: true }).click();
    await w.card.waitFor();
    await w.card.getByText('Log feedback given').click();
    const fb = w.card.getByRole('form', { name: 'Log feedback given' });
    await fb.getByLabel('Channel').selectOption({ label: 'Phone' });
    await fb.getByLabel('Strengths').fill('Clear communication');
    await fb.getByLabel('Summary').fill('Close call on Kubernetes depth');
    await fb.getByRole('button', { name: 'Log feedback' }).click();
    await w.card.getByText('Summary: Close call on Kubernetes depth').waitFor();
    assert.match(await w.status.innerText(), /Logged feedback given to Aiyana Begay/);
    await w.card.getByRole('button', { name: '← Back' }).click();

    // the hire backs out: next in line, then Priya moves up by keyboard on her row
    await w.tab('Next in line').click();
    await w.ranking.nth(2).waitFor();
    assert.deepEqual(await rankingNames(w), ['José Müller-García', 'Aiyana Begay', 'Priya Raman']);
    await w.root.getByRole('button', { name: 'Hire backed out…' }).click();
    await w.root.getByLabel('Why the hire backed out').selectOption({ label: 'Offer declined' });
    await w.root.getByLabel('Back-out note').fill('Accepted a counter-offer');
    await w.root.getByRole('button', { name: 'Mark backed out' }).click();
    await w.root.getByRole('button', { name: 'Reopen for José Müller-García' }).waitFor();
    await w.ranking.filter({ hasText: 'Priya Raman' }).focus();
    await b.page.keyboard.press('Alt+ArrowUp');
    await w.status.getByText('Priya Raman moved to rank 2 of 3.').waitFor();
    assert.deepEqual(await rankingNames(w), ['José Müller-García', 'Priya Raman', 'Aiyana Begay']);
    assert.equal(await w.ranking.filter({ hasText: 'Priya Raman' }).evaluate((el) => el.getRootNode().activeElement === el), true, 'focus stays on the moved row');
    await w.ranking.filter({ hasText: 'Aiyana Begay' }).getByRole('button', { name: /up/ }).click();
    await w.status.getByText('Aiyana Begay moved to rank 2 of 3.').waitFor();
    assert.deepEqual(await rankingNames(w), ['José Müller-García', 'Aiyana Begay', 'Priya Raman']);

    // undo the recruiter's last action (that ranking): a compensating event, struck through in the timeline
    const undo = w.root.getByRole('button', { name: /^Undo: / });
    assert.equal(await undo.innerText(), 'Undo: Ranked the runner-ups of Senior Backend Engineer');
    await undo.click();
    await w.status.getByText('Undone: Ranked the runner-ups of Senior Backend Engineer.').waitFor();
    assert.deepEqual(await rankingNames(w), ['José Müller-García', 'Priya Raman', 'Aiyana Begay'], 'back to the order before');
    await w.root.getByRole('button', { name: 'Priya Raman', exact: true }).click();
    await w.card.locator('.timeline li.undone', { hasText: 'Ranked the runner-ups' }).waitFor();
    await w.card.getByRole('button', { name: '← Back' }).click();

    const stored = (await storedEvents(b.page)).map((e) => e.type);
    for (const type of ['outcome.recorded', 'flags.set', 'followup.scheduled', 'feedback.given', 'hire.backed_out', 'runnerups.ranked']) {
      assert.ok(stored.includes(type), `${type} was stored`);
    }

    // a reload: openDemo navigates to the page again
    await assertJourneyKept(b, { feedbackFor: 'Aiyana Begay', summary: 'Close call on Kubernetes depth', contractFor: 'Priya Raman', followUpFor: 'José Müller-García' });

    assert.deepEqual(b.errors, [], 'no console errors or page errors');
    assert.deepEqual(b.foreignRequests, [], 'every request goes to the page’s own server');
  });

  test('invalid actions show the core’s error next to the field and change nothing', async () => {
    const w = await openDemo(b);
    await w.rows.nth(2).waitFor();
    let count = (await storedEvents(b.page)).length;
    const unchanged = async (what) => assert.equal((await storedEvents(b.page)).length, count, `${what} stored nothing`);
    const isFocused = (locator) => locator.evaluate((el) => el.getRootNode().activeElement === el);

    // a rank that collides, then one that skips a place
    await w.openForm.click();
    await w.dialog.getByLabel('Candidate', { exact: true }).selectOption({ label: 'Yuki Tanaka' });
    await w.dialog.getByLabel('Reason', { exact: true }).selectOption({ label: 'Timing' });
    const rank = w.dialog.getByLabel('Rank');
    assert.equal(await rank.inputValue(), '4', 'the next free rank is suggested');
    await rank.fill('1');
    await w.dialog.getByRole('button', { name: 'Save to pool' }).click();
    await w.dialogAlert.getByText(/rank/i).waitFor();
    assert.equal(await rank.getAttribute('aria-invalid'), 'true');
    assert.equal(await isFocused(rank), true);
    assert.match(await w.dialog.locator('.field-error').innerText(), /rank/i, 'the message shows beside the field');
    await rank.fill('7');
    await w.dialog.getByRole('button', { name: 'Save to pool' }).click();
    await w.dialogAlert.getByText(/skip/i).waitFor();
    await unchanged('a colliding or skipping rank');
    await b.page.keyboard.press('Escape');
    await w.dialog.waitFor({ state: 'detached' });
    assert.equal(await w.rows.count(), 3);

    // feedback dated in the future
    await w.root.getByRole('button', { name: 'José Müller-García', exact: true }).click();
    await w.card.waitFor();
    await w.card.getByText('Log feedback given').click();
    const fb = w.card.getByRole('form', { name: 'Log feedback given' });
    await fb.getByLabel('Given on').fill('2099-01-01');
    await fb.getByLabel('Summary').fill('Great interview');
    await fb.getByRole('button', { name: 'Log feedback' }).click();
    await w.alert.getByText(/future/).waitFor();
    assert.equal(await fb.getByLabel('Given on').getAttribute('aria-invalid'), 'true');
    assert.equal(await isFocused(fb.getByLabel('Given on')), true);
    assert.equal(await fb.getByLabel('Summary').inputValue(), 'Great interview', 'what was typed is kept');
    await unchanged('feedback dated in the future');

    // a follow-up without a due date
    await w.card.getByText('Schedule a follow-up').click();
    const fu = w.card.getByRole('form', { name: 'Schedule a follow-up' });
    await fu.getByLabel('Due').fill('');
    await fu.getByRole('button', { name: 'Schedule' }).click();
    await w.alert.getByText(/due/).waitFor();
    assert.equal(await fu.getByLabel('Due').getAttribute('aria-invalid'), 'true');
    assert.equal(await isFocused(fu.getByLabel('Due')), true);
    await unchanged('a follow-up without a due date');
    await w.card.getByRole('button', { name: '← Back' }).click();

    // do not contact: Priya is flagged, shows the badge everywhere, and outreach is refused
    await w.root.getByRole('button', { name: 'Priya Raman', exact: true }).click();
    await w.card.getByText('Edit flags').click();
    const flags = w.card.getByRole('form', { name: 'Edit flags' });
    await flags.getByLabel('Do not contact', { exact: true }).check();
    await flags.getByLabel('Do-not-contact reason').fill('Asked us not to contact her');
    await flags.getByRole('button', { name: 'Save flags' }).click();
    await w.card.locator('.card-head .badge.dnc').waitFor();
    count = (await storedEvents(b.page)).length;
    await w.card.getByText('Log a touchpoint').click();
    const tp = w.card.getByRole('form', { name: 'Log a touchpoint' });
    await tp.getByLabel('Touchpoint note').fill('Called about a contract role');
    await tp.getByRole('button', { name: 'Log touchpoint' }).click();
    await w.alert.getByText(/must not be contacted/).waitFor();
    assert.match(await tp.locator('.form-error').innerText(), /must not be contacted/);
    await unchanged('outreach to a do-not-contact person');
    assert.match(await w.card.locator('section[aria-labelledby="ru-card-touchpoints"]').innerText(), /No touchpoints yet/);
    await w.card.getByRole('button', { name: '← Back' }).click();
    assert.match(await w.rows.filter({ hasText: 'Priya Raman' }).innerText(), /Do not contact/);
    await w.tab('Next in line').click();
    assert.match(await w.ranking.filter({ hasText: 'Priya Raman' }).innerText(), /Do not contact[\s\S]*Skipped/);
    assert.deepEqual(b.errors, []);
  });
});

describe('the runner-up lifecycle by keyboard alone', () => {
  let b;
  before(async () => {
    b = await launch();
  });
  after(async () => {
    await b?.close();
  });

  test('the same journey with Tab, Shift+Tab, Enter, Space, letters and arrows only', async () => {
    const w = await openDemo(b);
    const k = b.page.keyboard;
    await b.page.locator('body').focus();

    const record = async ({ name, reason, fit, contract = false, followUp = false }) => {
      await tabTo(b.page, byText('Record outcome'));
      await k.press('Enter');
      await w.dialog.waitFor();
      assert.equal((await focused(b.page)).label, 'Candidate', 'the dialog opens on its first field');
      await k.type(name); // a closed select picks the option by its first letters
      await tabTo(b.page, byLabel('Reason'));
      await k.type(reason);
      await tabTo(b.page, byLabel('Future fit'));
      await k.type(fit);
      if (contract) {
        await tabTo(b.page, byLabel('Open to contract'));
        await k.press('Space');
      }
      if (followUp) {
        await tabTo(b.page, byLabel('Schedule a follow-up'));
        await k.press('Space');
        await w.dialog.getByLabel('Follow-up due').waitFor();
      }
      await tabTo(b.page, byText('Save to pool'));
      await k.press('Enter');
      await w.dialog.waitFor({ state: 'detached' });
      assert.equal((await focused(b.page)).text, 'Record outcome', 'focus returns to the button that opened the dialog');
    };
    await record({ name: 'Jos', reason: 'Stronger', fit: 'Strong', followUp: true });
    await record({ name: 'Aiy', reason: 'Skills', fit: 'Qual' });
    await record({ name: 'Pri', reason: 'Comp', fit: 'Qual', contract: true });
    await w.rows.nth(2).waitFor();
    assert.deepEqual((await w.rows.locator('.name-link').allInnerTexts()), ['José Müller-García', 'Aiyana Begay', 'Priya Raman']);

    // feedback for Aiyana: her name opens her card
    await tabTo(b.page, byText('Aiyana Begay'));
    await k.press('Enter');
    await w.card.waitFor();
    assert.equal((await focused(b.page)).text, 'Aiyana Begay', 'the card’s title takes focus');
    await tabTo(b.page, byText('Log feedback given'));
    await k.press('Enter');
    await tabTo(b.page, byLabel('Channel'));
    await k.type('Ph');
    await tabTo(b.page, byLabel('Summary'));
    await k.type('Close call on Kubernetes depth');
    await tabTo(b.page, byText('Log feedback'));
    await k.press('Enter');
    await w.card.getByText('Summary: Close call on Kubernetes depth').waitFor();
    await tabTo(b.page, byText('← Back'), { back: true });
    await k.press('Enter');
    assert.equal((await focused(b.page)).text, 'Aiyana Begay', 'Back returns focus to the name that opened the card');

    // tabs: Shift+Tab back to the tab list, arrow past Search to Next in line
    await tabTo(b.page, byText('Pool'), { back: true });
    await k.press('ArrowRight');
    assert.equal((await focused(b.page)).text, 'Search');
    await k.press('ArrowRight');
    assert.equal((await focused(b.page)).text, 'Next in line');
    await w.ranking.nth(2).waitFor();
    await tabTo(b.page, byText('Hire backed out…'));
    await k.press('Enter');
    assert.equal((await focused(b.page)).label, 'Why the hire backed out');
    await k.type('Offer d');
    await tabTo(b.page, byText('Mark backed out'));
    await k.press('Enter');
    await w.root.getByRole('button', { name: 'Reopen for José Müller-García' }).waitFor();
    await tabTo(b.page, (f) => f.tag === 'li' && /Priya Raman/.test(f.label));
    await k.press('Alt+ArrowUp');
    await w.status.getByText('Priya Raman moved to rank 2 of 3.').waitFor();
    assert.deepEqual(await rankingNames(w), ['José Müller-García', 'Priya Raman', 'Aiyana Begay']);

    // a reload: openDemo navigates to the page again
    await assertJourneyKept(b, { feedbackFor: 'Aiyana Begay', summary: 'Close call on Kubernetes depth', contractFor: 'Priya Raman', followUpFor: 'José Müller-García' });
    assert.deepEqual(b.errors, []);
    assert.deepEqual(b.foreignRequests, []);
  });
});

describe('one flag editor for the dialog and the card', () => {
  let b;
  before(async () => {
    b = await launch();
  });
  after(async () => {
    await b?.close();
  });

  test('available from beside contract work, future roles once, the dialog starts from the card’s flags, feedback agrees', async () => {
    const w = await openDemo(b);
    await w.openForm.click();
    const d = w.root.locator('dialog.outcome');
    await d.getByLabel('Candidate', { exact: true }).selectOption({ label: 'José Müller-García' });
    await d.getByLabel('Reason', { exact: true }).selectOption({ label: 'Stronger candidate selected' });
    assert.equal(await d.getByLabel('Available from').count(), 0, 'no date before contract or part-time work is ticked');
    await d.getByLabel('Open to contract').check();
    await d.getByLabel('Available from').fill('2027-02-01'); // contract alone offers the date
    await d.getByLabel('Future roles: role families').fill('backend, platform, Platform');
    await d.getByLabel('Future roles: departments').fill('platform');
    await d.getByRole('button', { name: 'Save to pool' }).click();
    await d.waitFor({ state: 'detached' });

    await w.root.getByRole('button', { name: 'José Müller-García', exact: true }).click();
    await w.card.waitFor();
    const chips = await w.card.locator('section[aria-labelledby="ru-card-flags"] .badge.flag').allInnerTexts();
    assert.ok(chips.includes('Future roles: backend, platform'), `one of each role: ${chips}`);
    assert.ok(chips.some((c) => c.startsWith('Contract from')), `contract from its date: ${chips}`);

    // the card's editor shows the same flags, the date beside contract work
    await w.card.getByText('Edit flags').click();
    const flags = w.card.getByRole('form', { name: 'Edit flags' });
    assert.equal(await flags.getByLabel('Open to contract').isChecked(), true);
    assert.equal(await flags.getByLabel('Available from').inputValue(), '2027-02-01');
    assert.equal(await flags.getByLabel('Future roles: role families').inputValue(), 'backend, platform');

    // the dialog opened from the card starts from them too: saving it does not lose them
    await w.card.getByRole('button', { name: /Record outcome for/ }).click();
    await d.waitFor();
    assert.equal(await d.getByLabel('Open to contract').isChecked(), true);
    assert.equal(await d.getByLabel('Available from').inputValue(), '2027-02-01');
    assert.equal(await d.getByLabel('Future roles: role families').inputValue(), 'backend, platform');
    await d.getByRole('button', { name: 'Cancel' }).click();
    await d.waitFor({ state: 'detached' });

    // feedback given, then do not contact: Next in line skips him and still says feedback was given
    await w.card.getByText('Log feedback given').click();
    const fb = w.card.getByRole('form', { name: 'Log feedback given' });
    await fb.getByLabel('Given on').fill(TODAY);
    await fb.getByLabel('Summary').fill('Clear on trade-offs');
    await fb.getByRole('button', { name: 'Log feedback' }).click();
    await w.card.locator('section[aria-labelledby="ru-card-feedback"]').getByText(/Clear on trade-offs/).waitFor();
    await flags.getByLabel('Do not contact', { exact: true }).check();
    await flags.getByLabel('Do-not-contact reason').fill('Asked for a break');
    await flags.getByRole('button', { name: 'Save flags' }).click();
    await w.card.locator('.card-head .badge.dnc').waitFor();
    await w.card.getByRole('button', { name: '← Back' }).click();
    await w.tab('Next in line').click();
    const row = w.ranking.filter({ hasText: 'José Müller-García' });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /Skipped/);
    assert.match(text, /Feedback given .*Clear on trade-offs/);
    assert.doesNotMatch(text, /No feedback given yet/);
    assert.match(text, /Future roles: backend, platform(?!, Platform)/);
    assert.deepEqual(b.errors, []);
  });
});
