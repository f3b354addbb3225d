// The styles of <runnerup-pool> itself (its frame, header, tabs, dialog); each view's own are
// beside it (views/registry.js collects them). Custom properties: --runnerup-* on :host.
import { css } from 'lit';

/** Out of sight, still read by screen readers (the `.visually-hidden` class, and a stacked table's headers). */
export const visuallyHidden = css`
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
`;

export const elementStyles = [
    css`
    :host {
      display: block;
    }
    :host([hidden]) {
      display: none;
    }
    * {
      box-sizing: border-box;
    }
    .base {
      /* The host element itself can be restyled by the page (its rules beat :host), and
         inherited properties (font family and size, line height, letter spacing, text transform,
         colour...) would flow in from there: nothing is inherited past this point but the custom
         properties and the text direction. The widget's own font, size and colours are set here,
         from the --runnerup-* properties the page may set (README.md, "What the host page's CSS
         reaches"); the private --_* ones are set here too, so a page's rule on the element cannot. */
      all: initial;
      display: block;
      font-family: var(--runnerup-font-family, system-ui, sans-serif);
      font-size: var(--runnerup-font-size, 14px);
      line-height: 1.45;
      color: var(--runnerup-color-text, #1f2933);
      text-align: start;
      --_muted: var(--runnerup-color-muted, #596573);
      --_surface: var(--runnerup-color-surface, #ffffff);
      --_subtle: var(--runnerup-color-subtle, #f5f7fa);
      --_border: var(--runnerup-color-border, #d8dee6);
      --_accent: var(--runnerup-color-accent, #1d5fd1);
      --_accent-contrast: var(--runnerup-color-accent-contrast, #ffffff);
      --_danger: var(--runnerup-color-danger, #b42318);
      --_success: var(--runnerup-color-success, #0b6b3a);
      --_radius: var(--runnerup-radius, 6px);
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      overflow: hidden;
      /* the views lay out by the widget's width (a side panel, a phone), not the window's */
      container-type: inline-size;
    }
    header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      padding: 0.75rem 1rem;
      background: var(--_subtle);
      border-bottom: 1px solid var(--_border);
    }
    h2 {
      margin: 0;
      font-size: 1.05em;
      font-weight: 600;
    }
    .count {
      color: var(--_muted);
      font-weight: 400;
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 0.75rem;
      margin-left: auto;
      min-width: 0;
      max-width: 100%;
    }
    .toolbar .sync {
      font-size: 0.85em;
      color: var(--_muted);
    }
    .toolbar .sync[data-state='offline'] {
      color: var(--_danger, #a4262c);
    }
    .toolbar label {
      display: flex;
      align-items: center;
      gap: 0.4rem;
      color: var(--_muted);
    }
    button {
      font: inherit;
      border-radius: var(--_radius);
      border: 1px solid var(--_border);
      background: var(--_surface);
      color: inherit;
      padding: 0.35rem 0.8rem;
      cursor: pointer;
    }
    button.primary {
      background: var(--_accent);
      border-color: var(--_accent);
      color: var(--_accent-contrast);
      font-weight: 600;
    }
    button:disabled {
      opacity: 0.6;
      cursor: progress;
    }
    button.link {
      border: none;
      background: none;
      padding: 0;
      color: var(--_accent);
      text-decoration: underline;
    }
    :is(button, select, input, textarea):focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: 2px;
    }
    select,
    input,
    textarea {
      font: inherit;
      color: inherit;
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.35rem 0.5rem;
      min-width: 0;
    }
    [aria-invalid='true'] {
      border-color: var(--_danger);
      box-shadow: 0 0 0 1px var(--_danger);
    }
    .alert:empty,
    .status:empty {
      display: none;
    }
    .notice {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 0.75rem;
      margin: 0 1rem 0.75rem;
      padding: 0.5rem 0.75rem;
      border: 1px solid var(--_border);
      border-left: 4px solid var(--_accent);
      border-radius: var(--_radius);
      background: var(--_subtle);
    }
    .notice p {
      flex: 1 1 20rem;
      margin: 0;
    }
    .alert,
    .status {
      display: flex;
      align-items: flex-start;
      gap: 0.75rem;
      margin: 0.75rem 1rem 0;
      padding: 0.6rem 0.8rem;
      border-radius: var(--_radius);
      border: 1px solid;
    }
    .alert {
      color: var(--_danger);
      border-color: color-mix(in srgb, var(--_danger) 40%, transparent);
      background: color-mix(in srgb, var(--_danger) 7%, var(--_surface));
    }
    .status {
      color: var(--_success);
      border-color: color-mix(in srgb, var(--_success) 40%, transparent);
      background: color-mix(in srgb, var(--_success) 7%, var(--_surface));
    }
    .alert p,
    .status p {
      margin: 0;
      flex: 1;
    }
    .alert button,
    .status button {
      padding: 0 0.4rem;
      border: none;
      background: none;
      color: inherit;
    }
    .message {
      padding: 1.25rem 1rem;
      color: var(--_muted);
    }
    .visually-hidden {
      ${visuallyHidden}
    }
  `,
    css`
    nav[role='tablist'] {
      display: flex;
      flex-wrap: wrap;
      gap: 0.15rem;
      padding: 0 0.75rem;
      border-bottom: 1px solid var(--_border);
      background: var(--_subtle);
    }
    [role='tab'] {
      border: none;
      border-bottom: 3px solid transparent;
      border-radius: 0;
      background: none;
      padding: 0.55rem 0.8rem 0.45rem;
      color: var(--_muted);
      font-weight: 600;
    }
    [role='tab'][aria-selected='true'] {
      color: var(--_accent);
      border-bottom-color: var(--_accent);
    }
    [role='tab']:focus-visible {
      outline-offset: -3px;
    }
    [role='tabpanel']:focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: -2px;
    }
    .undo {
      white-space: nowrap;
      max-width: min(26rem, 100%);
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
    }
  `,
];
