// The seed story in the demo ATS, in real Chromium with the real wasm, once in English and once in
// German: a requisition is filled and closed out (the hire, two runner-ups ranked, one not
// selected, one not a fit, feedback owed to one), feedback is drafted and sent by e-mail, another
// runner-up is told by phone, flagged for contract work and future roles, and a check-in is
// planned; the hire backs out and the next in line is offered the role; a new opening is searched
// and ranked; the pool is exported. After every step each view it shows is looked at in 360, 580
// and 1366 px: no visible text of the widget looks like an internal code (snake_case words, dotted
// event types, recruiters' ids), axe finds no violation, and a screenshot is written to
// build/screenshots/journey-<language>-<step>-<width>.png for a person to look at.
// The steps are driven by ids, names and values (the same in both languages); what the widget
// says is checked in the language it speaks.
// Run `node scripts/bundle.mjs` first: the server serves dist/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { codesIn } from '../web/every-event.js';
import { axeViolations, launch, openCard, openTab, widgetText } from './browser.js';

const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'screenshots');
const WIDTHS = [360, 580, 1366];
const TODAY = '2026-11-20';

const SAY = {
  en: {
    closedOut: 'Closed out Senior Backend Engineer: 5 finalists decided.',
    sentAsk: 'Record that you sent this feedback to Aiyana Begay by e-mail today?',
    sent: 'Feedback to Aiyana Begay recorded as sent by e-mail.',
  },
  de: {
    closedOut: 'Senior Backend Engineer abgeschlossen: 5 Finalisten entschieden.',
    sentAsk: 'Festhalten, dass Sie Aiyana Begay dieses Feedback heute per E-Mail gesendet haben?',
    sent: 'Feedback an Aiyana Begay als per E-Mail gesendet festgehalten.',
  },
};

async function openDemo(b, locale) {
  await b.page.goto(`${b.server.url}/demo/`);
  const root = b.page.locator('runnerup-pool');
  await root.locator('#ru-tab-pool').waitFor();
  await b.page.evaluate(
    ([today, locale]) => {
      const widget = document.querySelector('runnerup-pool');
      widget.today = today;
      widget.locale = locale;
      window.writeBacks = [];
      widget.addEventListener('runnerup-writeback', (e) => window.writeBacks.push(e.detail));
    },
    [TODAY, locale],
  );
  await b.page.waitForFunction(() => document.querySelector('runnerup-pool').shadowRoot.querySelector('#ru-filter')?.options.length >= 4);
  return root;
}

describe('the seed story, in English and in German, at 360, 580 and 1366 px', () => {
  mkdirSync(SCREENSHOTS, { recursive: true });

  for (const locale of ['en', 'de']) {
    test(`in ${locale === 'en' ? 'English' : 'German'}`, { timeout: 600_000 }, async () => {
      const b = await launch({ viewport: { width: 1366, height: 900 } });
      const problems = [];
      try {
        const { page } = b;
        const root = await openDemo(b, locale);

        /** Looks at what the widget shows now at each width: codes, axe, a screenshot. */
        const look = async (step) => {
          for (const width of WIDTHS) {
            await page.setViewportSize({ width, height: 900 });
            await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
            await root.screenshot({ path: join(SCREENSHOTS, `journey-${locale}-${step}-${width}.png`) });
            const codes = codesIn(await widgetText(page));
            if (codes.length > 0) problems.push(`${step} at ${width} px: codes on screen: ${[...new Set(codes)].join(', ')}`);
            for (const v of await axeViolations(page)) problems.push(`${step} at ${width} px: axe: ${v}`);
          }
          await page.setViewportSize({ width: 1366, height: 900 });
        };
        const tab = (id) => openTab(root, id);
        const card = (id) => openCard(root, id);

        await look('1-pool');

        // 1. The requisition is filled: close it out in one view.
        await tab('closeout');
        const row = (id) => root.locator(`fieldset.finalist[data-finalist="${id}"]`);
        await row('cand-chen-wei').waitFor();
        const decide = async (id, choice, reason) => {
          await row(id).locator('select[name^="choice."]').selectOption(choice);
          await row(id).locator('select[name^="reason."]').selectOption(reason);
        };
        await decide('cand-jose-muller-garcia', 'runner_up', 'stronger_candidate');
        await decide('cand-aiyana-begay', 'runner_up', 'skills_gap');
        await decide('cand-priya-raman', 'not_selected', 'compensation');
        await decide('cand-yuki-tanaka', 'not_a_fit', 'interview_result');
        await row('cand-aiyana-begay').locator('input[name^="feedbackOwed."]').check();
        await row('cand-jose-muller-garcia').locator('input[name^="rank."]').fill('1');
        await row('cand-aiyana-begay').locator('input[name^="rank."]').fill('2');
        await look('2-close-out-form');
        await root.locator('#ru-co-save').click();
        await page.waitForFunction(() => window.writeBacks.length === 1);
        await root.getByText(SAY[locale].closedOut).waitFor();
        const [closed] = await page.evaluate(() => window.writeBacks);
        assert.equal(closed.requisition.status, 'filled');
        await look('3-closed-out');

        // 2. Feedback owed to Aiyana: drafted from what was recorded, sent by e-mail, recorded.
        await tab('feedback');
        await root.locator('[role=tabpanel] tr', { hasText: 'Aiyana Begay' }).locator('button[data-draft]').click();
        const draft = root.locator('#ru-draft-text');
        await draft.waitFor();
        assert.match(await draft.inputValue(), /Aiyana Begay/);
        assert.ok(!/undefined|null/.test(await draft.inputValue()));
        await look('4-feedback-draft');
        await root.locator('#ru-draft-sent').click();
        await root.locator('#ru-draft-confirm-q').waitFor();
        assert.equal(await root.locator('#ru-draft-confirm-q').innerText(), SAY[locale].sentAsk);
        await root.locator('#ru-draft-confirm-yes').click();
        await root.locator('#ru-draft-text').waitFor({ state: 'detached' });
        await root.getByText(SAY[locale].sent).waitFor();

        // 3. José heard it by phone; open to contract work and to platform roles; a check-in planned.
        await card('cand-jose-muller-garcia');
        await root.locator('form[data-source="card-feedback"]').evaluate((form) => (form.closest('details').open = true));
        const fb = root.locator('form[data-source="card-feedback"]');
        await fb.locator('select[name="channel"]').selectOption('phone');
        await fb.locator('textarea[name="strengths"]').fill('Clear system design');
        await fb.locator('textarea[name="summary"]').fill('Close call; we want to stay in touch');
        await fb.locator('button[type="submit"]').click();
        await root.locator('section[aria-labelledby="ru-card-feedback"]', { hasText: 'Close call; we want to stay in touch' }).waitFor();
        await root.locator('form[data-source="card-flags"]').evaluate((form) => (form.closest('details').open = true));
        const flags = root.locator('form[data-source="card-flags"]');
        await flags.locator('input[name="openToContract"]').check();
        await flags.locator('[name="futureDepartments"]').fill('Platform');
        await flags.locator('button[type="submit"]').click();
        await root.locator('form[data-source="card-schedule"]').evaluate((form) => (form.closest('details').open = true));
        const plan = root.locator('form[data-source="card-schedule"]');
        await plan.locator('input[name="followUpDue"]').fill('2027-01-15');
        await plan.locator('[name="followUpNote"]').fill('Platform roles in the new year');
        await plan.locator('button[type="submit"]').click();
        await root.locator('section[aria-labelledby="ru-card-followups"] li[data-followup]').first().waitFor();
        await look('5-card');

        // 4. The hire backs out: next in line, and the host page no longer says "Filled".
        await tab('next');
        await root.locator('#ru-nil-backout').click();
        await root.locator('form[data-source$="-backout"] select[name="reason"]').selectOption('offer_declined');
        await root.locator('form[data-source$="-backout"] button[type="submit"]').click();
        await root.locator('#ru-nil-reopen').waitFor();
        await page.waitForFunction(() => window.writeBacks.some((w) => w.action === 'backOut'));
        assert.equal((await page.evaluate(() => window.writeBacks.find((w) => w.action === 'backOut'))).requisition.status, 'reopened');
        assert.notEqual(await page.locator('#req-status').innerText(), 'Filled');
        await look('6-next-in-line');
        await root.locator('#ru-nil-reopen').click();
        await look('7-reopened');

        // 5. A new opening: search the pool, rank it for a requisition, see why.
        await tab('search');
        const search = root.locator('runnerup-search');
        await search.locator('#ru-search-text').fill('go');
        await search.locator('#ru-search-summary').waitFor();
        const options = await search.locator('#ru-search-rank option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
        if (options.length > 0) await search.locator('#ru-search-rank').selectOption(options[0]);
        await look('8-search');

        // 6. Follow-ups, Feedback owed, Insights, Retention, Import / export.
        for (const [k, id] of [['9', 'followups'], ['10', 'feedback'], ['11', 'insights'], ['12', 'retention'], ['13', 'transfer']]) {
          await tab(id);
          if (id === 'retention') await root.locator('runnerup-retention-view h3').first().waitFor();
          if (id === 'transfer') await root.locator('runnerup-transfer-view').waitFor();
          await look(`${k}-${id}`);
        }
        assert.deepEqual(problems, [], problems.join('\n'));
        assert.deepEqual(b.errors, [], 'no console errors or page errors');
        assert.deepEqual(b.foreignRequests, [], 'no request leaves the page’s origin');
      } finally {
        await b.close();
      }
    });
  }
});
