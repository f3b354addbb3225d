// The host side of the strict-CSP test page (tests/e2e/csp.test.js): hands the widget the demo's
// candidates and requisitions, as properties, from a same-origin script (no inline script).
const widget = document.querySelector('runnerup-pool');
const fixture = await fetch('./fixture.json').then((r) => r.json());
widget.requisitions = fixture.requisitions;
widget.candidates = fixture.candidates;
document.body.dataset.ready = 'true';
