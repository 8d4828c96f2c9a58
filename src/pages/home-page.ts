import { describeRange, isoInZone, shortDate } from './event-time.js'
import { html, paragraphs, type SafeHtml, safeUrl } from './html.js'
import { businessJsonLd } from './json-ld.js'
import { type RenderedPage, renderDocument } from './layout.js'
import {
  addressLine,
  type BusinessView,
  type HomeView,
  type OpeningHours,
  WEEKDAYS,
  type Weekday,
} from './model.js'
import { clip, homeDescription, homeTitle } from './seo-text.js'
import { shareSection } from './share.js'

const NETWORK_NAMES: Record<string, string> = {
  x: 'X',
  facebook: 'Facebook',
  instagram: 'Instagram',
  linkedin: 'LinkedIn',
  threads: 'Threads',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
}

const weekdayCache = new Map<string, Record<Weekday, string>>()

function weekdayNames(language: string): Record<Weekday, string> {
  const cached = weekdayCache.get(language)
  if (cached) return cached
  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' })
  } catch {
    format = new Intl.DateTimeFormat('en', { weekday: 'long', timeZone: 'UTC' })
  }
  const names = {} as Record<Weekday, string>
  // 1 January 2024 was a Monday.
  WEEKDAYS.forEach((day, index) => {
    const name = format.format(new Date(Date.UTC(2024, 0, 1 + index)))
    names[day] = name.charAt(0).toUpperCase() + name.slice(1)
  })
  if (weekdayCache.size > 200) weekdayCache.clear()
  weekdayCache.set(language, names)
  return names
}

export function hoursList(hours: OpeningHours[], language: string): SafeHtml {
  const names = weekdayNames(language)
  return html`<dl class="hours">${WEEKDAYS.map((day) => {
    const ranges = hours
      .filter((entry) => entry.days.includes(day))
      .sort((a, b) => a.opens.localeCompare(b.opens))
      .map((entry) => `${entry.opens}–${entry.closes}`)
    return html`<dt>${names[day]}</dt><dd>${ranges.length > 0 ? ranges.join(', ') : 'Closed'}</dd>`
  })}</dl>`
}

export function contactSection(business: BusinessView): SafeHtml | '' {
  const { contact } = business
  const address = addressLine(contact)
  if (!address && !contact.phone && !contact.email && !contact.website) return ''
  const town = [contact.postal_code, contact.locality].filter(Boolean).join(' ')
  const lines = [contact.street, town, contact.region, contact.country].filter(Boolean)
  return html`<section aria-labelledby="contact"><h2 id="contact">Contact</h2>
${address ? html`<address>${lines.map((line, index) => (index === 0 ? line : html`<br>${line}`))}</address>` : ''}
${contact.phone ? html`<p>Phone: <a href="${safeUrl(`tel:${contact.phone.replace(/[^\d+]/g, '')}`)}">${contact.phone}</a></p>` : ''}
${contact.email ? html`<p>Email: <a href="${safeUrl(`mailto:${contact.email}`)}">${contact.email}</a></p>` : ''}
${contact.website ? html`<p><a href="${safeUrl(contact.website)}">Visit the ${business.name} website</a></p>` : ''}
</section>`
}

function header(business: BusinessView): SafeHtml {
  return html`<header class="top">${
    business.logoUrl
      ? html`<img class="logo" src="${safeUrl(business.logoUrl)}" alt="${business.name} logo" width="96" height="96">`
      : ''
  }<div><h1>${business.name}</h1>${
    business.description
      ? html`<p class="muted">${clip(business.description.split(/\n/)[0] ?? '', 160)}</p>`
      : ''
  }</div></header>`
}

export function renderHomePage(view: HomeView): RenderedPage {
  const { business } = view
  const language = business.language
  const title = homeTitle({
    name: business.name,
    seoTitle: business.seoTitle,
    locality: business.contact.locality,
  })
  const description = homeDescription({ name: business.name, description: business.description })

  const links = view.links.length
    ? html`<nav aria-label="Links"><ul class="links">${view.links.map(
        (link) => html`<li><a href="${safeUrl(link.href)}">${link.label}</a></li>`,
      )}</ul></nav>`
    : ''
  const events = view.events.length
    ? html`<section aria-labelledby="events"><h2 id="events">Upcoming events</h2><ul class="events">${view.events.map(
        (event) =>
          html`<li><a href="${safeUrl(event.url)}">${event.title}</a>${
            event.status === 'cancelled' ? html` <span class="badge">Cancelled</span>` : ''
          }<br><span class="muted"><time datetime="${isoInZone(event.startsAt, event.timeZone)}">${describeRange(event.startsAt, event.endsAt, language, event.timeZone)}</time></span></li>`,
      )}</ul></section>`
    : ''
  const about =
    business.description && business.description.length > 160
      ? html`<section aria-labelledby="about"><h2 id="about">About</h2>${paragraphs(business.description)}</section>`
      : ''
  const posts = view.posts.length
    ? html`<section aria-labelledby="posts"><h2 id="posts">Latest posts</h2><ul class="posts">${view.posts.map(
        (post) =>
          html`<li><p>${clip(post.text, 300)}</p><p class="muted"><time datetime="${new Date(post.publishedAt).toISOString()}">${shortDate(post.publishedAt, language, business.timeZone)}</time>${
            post.url
              ? html` · <a href="${safeUrl(post.url)}" rel="nofollow noopener">View this post on ${NETWORK_NAMES[post.network] ?? post.network}</a>`
              : ''
          }</p></li>`,
      )}</ul></section>`
    : ''
  const hours = business.hours.length
    ? html`<section aria-labelledby="hours"><h2 id="hours">Opening hours</h2>${hoursList(business.hours, language)}${
        business.hoursNote ? html`<p class="muted">${business.hoursNote}</p>` : ''
      }</section>`
    : ''

  const body = html`<div class="wrap">${header(business)}
${view.preview ? html`<p class="card notice">Preview: this is how the page will look once saved.</p>` : ''}
<main class="cols"><div>${links}${events}${about}${posts}</div><div>${hours}${contactSection(business)}${shareSection({ url: view.url, text: business.name, heading: `Share ${business.name}` })}</div></main>
<footer class="muted"><p>© ${business.name}</p></footer></div>`

  return renderDocument(
    {
      title,
      description,
      canonical: view.preview ? null : view.url,
      language,
      theme: business.theme,
      noindex: view.preview,
      siteName: business.name,
      image: business.image,
      jsonLd: [businessJsonLd(business, view.url, view.links)],
    },
    body,
  )
}
