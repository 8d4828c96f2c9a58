import { html, type SafeHtml, safeUrl } from './html.js'

/** Where a visitor can pass the page on, by each network's public "share this address" link. */
const TARGETS: Array<{ label: string; href: (url: string, text: string) => string }> = [
  {
    label: 'Email',
    href: (url, text) =>
      `mailto:?subject=${encodeURIComponent(text)}&body=${encodeURIComponent(`${text}\n${url}`)}`,
  },
  {
    label: 'WhatsApp',
    href: (url, text) => `https://wa.me/?text=${encodeURIComponent(`${text} ${url}`)}`,
  },
  {
    label: 'Facebook',
    href: (url) => `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}`,
  },
  {
    label: 'X',
    href: (url, text) =>
      `https://x.com/intent/post?text=${encodeURIComponent(text)}&url=${encodeURIComponent(url)}`,
  },
  {
    label: 'Bluesky',
    href: (url, text) =>
      `https://bsky.app/intent/compose?text=${encodeURIComponent(`${text} ${url}`)}`,
  },
  {
    label: 'LinkedIn',
    href: (url) => `https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(url)}`,
  },
  {
    label: 'Threads',
    href: (url, text) =>
      `https://www.threads.net/intent/post?text=${encodeURIComponent(`${text} ${url}`)}`,
  },
]

/**
 * The share button of public pages: plain links to each network's share page with this page's
 * address, so it works without JavaScript, cookies or third-party scripts (the page's CSP allows
 * none), and nothing is sent anywhere until the visitor picks a network. The address is shown too,
 * for people who would rather copy it.
 */
export function shareSection(input: { url: string; text: string; heading: string }): SafeHtml {
  return html`<section aria-labelledby="share"><h2 id="share">${input.heading}</h2><ul class="share">${TARGETS.map(
    (target) =>
      html`<li><a class="button secondary" href="${safeUrl(target.href(input.url, input.text))}" rel="noopener nofollow" target="_blank">${target.label}</a></li>`,
  )}</ul><p class="muted">Or copy the address: <a href="${safeUrl(input.url)}">${input.url}</a></p></section>`
}
