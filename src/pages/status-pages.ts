import { html } from './html.js'
import { type RenderedPage, renderDocument } from './layout.js'
import { DEFAULT_THEME } from './themes.js'

function statusPage(title: string, heading: string, text: string, homeUrl: string | null) {
  return renderDocument(
    {
      title,
      description: text,
      canonical: null,
      language: 'en',
      theme: DEFAULT_THEME,
      noindex: true,
      siteName: 'Murmur',
      image: null,
      jsonLd: [],
    },
    html`<div class="wrap"><main><h1>${heading}</h1><p>${text}</p>${
      homeUrl ? html`<p><a href="${homeUrl}">Go to the home page</a></p>` : ''
    }</main></div>`,
  )
}

/** The friendly 404: said plainly, never indexed, with a way back when there is one. */
export function renderNotFoundPage(homeUrl: string | null = null): RenderedPage {
  return statusPage(
    'Page not found',
    'This page does not exist',
    'The address may be mistyped, or the page was unpublished or removed.',
    homeUrl,
  )
}

export function renderUnavailablePage(): RenderedPage {
  return statusPage(
    'Try again in a moment',
    'This page is taking a break',
    'Something went wrong on our side. Please try again in a moment.',
    null,
  )
}
