// A `mailto:` link for a message (RFC 6068): the address, the subject and the body
// percent-encoded, line breaks as CRLF.
//
//   mailtoHref('ana@example.com', 'Your application', 'Dear Ana,\n\n...')
//   // {href: 'mailto:ana@example.com?subject=Your%20application&body=Dear%20Ana%2C%0D%0A%0D%0A...', withBody: true}
//
// Mail clients and browsers cut long links (Outlook and Windows at about 2,000 characters): a link
// that would be longer carries the address and subject only (`withBody` false), and the recruiter
// pastes the copied message into the e-mail.

/** Links longer than this are cut by some mail clients: the body is then left out of the link. */
export const MAILTO_MAX_LENGTH = 2000;

const encode = (text) => encodeURIComponent(String(text).replace(/\r?\n/g, '\r\n'));

/**
 * @param {string} to the address ('' for none: the mail client asks)
 * @param {string} subject
 * @param {string} body
 * @returns {{href: string, withBody: boolean}}
 */
export function mailtoHref(to, subject, body) {
  // '@' stays as it is in the address: every client reads it, not all decode %40
  const head = `mailto:${encode(to || '').replace(/%40/g, '@')}?subject=${encode(subject)}`;
  const full = `${head}&body=${encode(body)}`;
  return full.length <= MAILTO_MAX_LENGTH ? { href: full, withBody: true } : { href: head, withBody: false };
}
