/**
 * The one layout of every notification mail: MJML renders the HTML (tables and inline
 * styles that survive mail clients), html-to-text derives the text part from the same
 * content, so the two never say different things.
 */
import { compile } from 'html-to-text';
import mjml2html from 'mjml';

export interface MailItem {
  /** One line: "You were assigned “Review contract”". */
  headline: string;
  /** Optional second line (a comment's text, a deadline). */
  detail?: string | null;
  link: string;
}

export interface MailSection {
  heading: string;
  items: MailItem[];
  /** Shown under the list when it was cut short: "and 12 more". */
  more?: string | null;
}

export interface MailContent {
  organizationName: string;
  greeting: string;
  sections: MailSection[];
  /** Where the recipient turns this kind of mail off, and how the link is labelled. */
  unsubscribe: { url: string; label: string };
  settingsUrl: string | null;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function section(s: MailSection): string {
  const items = s.items
    .map(
      (item) =>
        `<p style="margin:6px 0"><a href="${escapeHtml(item.link)}" style="color:#1c7ed6;font-weight:600">${escapeHtml(item.headline)}</a>${
          item.detail ? `<br/><span style="color:#555">${escapeHtml(item.detail)}</span>` : ''
        }</p>`,
    )
    .join('');
  const more = s.more ? `<p style="margin:4px 0;color:#777">${escapeHtml(s.more)}</p>` : '';
  return `<h2 style="font-size:16px;margin:12px 0 4px">${escapeHtml(s.heading)}</h2>${items}${more}`;
}

// The layout is compiled by MJML once per process, with markers where each mail's parts go:
// compiling costs tens of milliseconds (more with every element), filling in costs nothing,
// so a digest run over hundreds of members stays cheap.
const MARK = { org: '%%FLOWLANE_ORG%%', body: '%%FLOWLANE_BODY%%', footer: '%%FLOWLANE_FOOTER%%' };
let compiled: Promise<string> | undefined;

function layout(): Promise<string> {
  compiled ??= (async () => {
    const source = `<mjml>
  <mj-head><mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /><mj-text font-size="14px" line-height="20px" color="#222" /></mj-attributes></mj-head>
  <mj-body background-color="#f4f5f7">
    <mj-section padding="16px 0 0"><mj-column><mj-text font-size="13px" color="#777">${MARK.org}</mj-text></mj-column></mj-section>
    <mj-section background-color="#ffffff" padding="16px 24px"><mj-column><mj-text>${MARK.body}</mj-text></mj-column></mj-section>
    <mj-section padding="8px 0"><mj-column><mj-text font-size="12px" color="#777">${MARK.footer}</mj-text></mj-column></mj-section>
  </mj-body>
</mjml>`;
    const rendered = await mjml2html(source, { validationLevel: 'strict', minify: false });
    if (rendered.errors.length > 0) throw new Error(`mail layout: ${rendered.errors[0]?.formattedMessage}`);
    return rendered.html;
  })();
  compiled.catch(() => {
    compiled = undefined;
  });
  return compiled;
}

// Compiled once: html-to-text's options are parsed per call otherwise.
const toText = compile({
  wordwrap: 100,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'img', format: 'skip' },
  ],
});

export async function renderMail(content: MailContent): Promise<{ html: string; text: string }> {
  const settings = content.settingsUrl
    ? ` · <a href="${escapeHtml(content.settingsUrl)}" style="color:#777">Notification settings</a>`
    : '';
  const body = `<p style="margin:0 0 8px">${escapeHtml(content.greeting)}</p>${content.sections.map(section).join('')}`;
  const footer = `<a href="${escapeHtml(content.unsubscribe.url)}" style="color:#777">${escapeHtml(content.unsubscribe.label)}</a>${settings}`;
  // Replaced by function so `$` in a member's text is never read as a replacement pattern.
  const html = (await layout())
    .replace(MARK.org, () => escapeHtml(content.organizationName))
    .replace(MARK.body, () => body)
    .replace(MARK.footer, () => footer);
  // The text part is read from the same fragments the HTML was filled with (the layout's
  // tables add nothing to plain text and cost most of the conversion).
  const text = toText(`<p>${escapeHtml(content.organizationName)}</p>${body}<p>${footer}</p>`).trim();
  return { html, text };
}
