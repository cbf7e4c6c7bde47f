/**
 * The one layout of every notification mail: MJML renders the HTML (tables and inline
 * styles that survive mail clients), html-to-text derives the text part from that same
 * HTML, so the two never say different things.
 */
import { convert } from 'html-to-text';
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
      (item) => `
      <mj-text padding="6px 0"><a href="${escapeHtml(item.link)}" style="color:#1c7ed6;font-weight:600">${escapeHtml(item.headline)}</a>${
        item.detail ? `<br/><span style="color:#555">${escapeHtml(item.detail)}</span>` : ''
      }</mj-text>`,
    )
    .join('');
  const more = s.more ? `<mj-text padding="4px 0" color="#777">${escapeHtml(s.more)}</mj-text>` : '';
  return `<mj-text font-size="16px" font-weight="700" padding="12px 0 4px">${escapeHtml(s.heading)}</mj-text>${items}${more}`;
}

export async function renderMail(content: MailContent): Promise<{ html: string; text: string }> {
  const settings = content.settingsUrl
    ? ` · <a href="${escapeHtml(content.settingsUrl)}" style="color:#777">Notification settings</a>`
    : '';
  const source = `<mjml>
  <mj-head><mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /><mj-text font-size="14px" line-height="20px" color="#222" /></mj-attributes></mj-head>
  <mj-body background-color="#f4f5f7">
    <mj-section padding="16px 0 0"><mj-column>
      <mj-text font-size="13px" color="#777">${escapeHtml(content.organizationName)}</mj-text>
    </mj-column></mj-section>
    <mj-section background-color="#ffffff" padding="16px 24px"><mj-column>
      <mj-text padding="0 0 8px">${escapeHtml(content.greeting)}</mj-text>
      ${content.sections.map(section).join('')}
    </mj-column></mj-section>
    <mj-section padding="8px 0"><mj-column>
      <mj-text font-size="12px" color="#777"><a href="${escapeHtml(content.unsubscribe.url)}" style="color:#777">${escapeHtml(content.unsubscribe.label)}</a>${settings}</mj-text>
    </mj-column></mj-section>
  </mj-body>
</mjml>`;
  const rendered = await mjml2html(source, { validationLevel: 'strict', minify: false });
  if (rendered.errors.length > 0) throw new Error(`mail layout: ${rendered.errors[0]?.formattedMessage}`);
  const text = convert(rendered.html, {
    wordwrap: 100,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'img', format: 'skip' },
    ],
  }).trim();
  return { html: rendered.html, text };
}
