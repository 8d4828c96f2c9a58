import { describeRange, isoInZone, shortDate, zoneName } from './event-time.js'
import { html, paragraphs, type SafeHtml, safeUrl } from './html.js'
import { eventJsonLd } from './json-ld.js'
import { type RenderedPage, renderDocument } from './layout.js'
import { addressLine, type BusinessView, type EventView, isFull, spotsLeft } from './model.js'
import { eventDescription, eventTitle } from './seo-text.js'
import { shareSection } from './share.js'

/** What the visitor typed and what was wrong with it, to show the form again. */
export interface JoinFormState {
  name: string
  email: string
  consent: boolean
  /** Field name ('name', 'email', 'consent', 'form') to message. */
  errors: Record<string, string>
}

export const EMPTY_FORM: JoinFormState = { name: '', email: '', consent: false, errors: {} }

export function consentText(business: BusinessView): string {
  return `I agree that ${business.name} keeps my name and email to manage my place at this event and to contact me about it.`
}

export type JoinState = 'open' | 'full' | 'cancelled' | 'past'

export function joinState(event: EventView, now: number): JoinState {
  if (event.status === 'cancelled') return 'cancelled'
  if (event.endsAt <= now) return 'past'
  if (isFull(event)) return 'full'
  return 'open'
}

function fieldError(form: JoinFormState, field: string): SafeHtml | '' {
  const message = form.errors[field]
  return message ? html`<p class="error" id="${field}-error">${message}</p>` : ''
}

const describedBy = (form: JoinFormState, field: string) =>
  form.errors[field] ? html` aria-invalid="true" aria-describedby="${field}-error"` : ''

function joinForm(
  event: EventView,
  business: BusinessView,
  form: JoinFormState,
  token: string,
): SafeHtml {
  const general = form.errors.form
  return html`<form method="post" action="${event.joinUrl}">
<input type="hidden" name="token" value="${token}">
<div class="trap" aria-hidden="true"><label for="website">Leave this field empty</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>
${general ? html`<p class="error" role="alert">${general}</p>` : ''}
<label for="name">Your name</label>
<input type="text" id="name" name="name" required maxlength="120" autocomplete="name" value="${form.name}"${describedBy(form, 'name')}>
${fieldError(form, 'name')}
<label for="email">Your email</label>
<input type="email" id="email" name="email" required maxlength="254" autocomplete="email" value="${form.email}"${describedBy(form, 'email')}>
${fieldError(form, 'email')}
<label class="check"><input type="checkbox" name="consent" value="yes" required${form.consent ? html` checked` : ''}${describedBy(form, 'consent')}> <span>${consentText(business)}</span></label>
${fieldError(form, 'consent')}
<button class="button" type="submit">Join this event</button>
</form>`
}

function joinSection(
  event: EventView,
  business: BusinessView,
  state: JoinState,
  form: JoinFormState,
  token: string,
): SafeHtml {
  const body =
    state === 'open'
      ? joinForm(event, business, form, token)
      : state === 'full'
        ? html`<p>This event is full: every place has been taken.</p>`
        : state === 'cancelled'
          ? html`<p>This event is cancelled, so it no longer takes sign-ups.</p>`
          : html`<p>This event has ended.</p>`
  return html`<section id="join" aria-labelledby="join-title"><h2 id="join-title">Join</h2>${
    form.errors.form && state !== 'open'
      ? html`<p class="error" role="alert">${form.errors.form}</p>`
      : ''
  }${body}</section>`
}

function placeLines(event: EventView): SafeHtml {
  const address = addressLine(event.place)
  const place = [event.place?.name, address].filter(Boolean).join(', ')
  return html`${place ? html`<p><strong>Where:</strong> ${place}</p>` : ''}${
    event.onlineUrl
      ? html`<p><strong>Online:</strong> <a href="${safeUrl(event.onlineUrl)}">Join the event online</a></p>`
      : ''
  }`
}

function capacityLine(event: EventView): SafeHtml | '' {
  const left = spotsLeft(event)
  if (left === null || event.capacity === null) return ''
  return html`<p><strong>Places:</strong> ${
    left === 0 ? 'Full' : `${left} of ${event.capacity} left`
  }</p>`
}

export interface EventPageInput {
  event: EventView
  business: BusinessView
  now: number
  token: string
  form?: JoinFormState | undefined
  preview?: boolean | undefined
}

export function renderEventPage(input: EventPageInput): RenderedPage {
  const { event, business } = input
  const language = business.language
  const form = input.form ?? EMPTY_FORM
  const state = joinState(event, input.now)
  const when = describeRange(event.startsAt, event.endsAt, language, event.timeZone)
  const where =
    [event.place?.name, event.place?.locality].filter(Boolean).join(', ') ||
    (event.onlineUrl ? 'online' : null)
  const title = eventTitle({
    title: event.title,
    date: shortDate(event.startsAt, language, event.timeZone),
    business: business.name,
  })
  const description = eventDescription({
    description: event.description,
    when,
    where,
    business: business.name,
  })
  const image = event.shareImage
  const body = html`<div class="wrap">
${business.homeUrl ? html`<p><a href="${business.homeUrl}">← More from ${business.name}</a></p>` : ''}
<main>
${event.image ? html`<img class="hero" src="${safeUrl(event.image.url)}" alt="${event.image.alt}"${event.image.width ? html` width="${event.image.width}" height="${event.image.height ?? ''}"` : ''}>` : ''}
<h1>${event.title}</h1>
${event.status === 'cancelled' ? html`<p class="card notice"><strong>This event is cancelled.</strong></p>` : ''}
<div class="card facts">
<p><strong>When:</strong> <time datetime="${isoInZone(event.startsAt, event.timeZone)}">${when}</time> <span class="muted">(${zoneName(event.startsAt, language, event.timeZone)})</span></p>
${placeLines(event)}${capacityLine(event)}
<p><a class="button secondary" href="${event.calendarUrl}">Add to my calendar (.ics)</a></p>
</div>
${event.description ? html`<section aria-labelledby="about"><h2 id="about">About this event</h2>${paragraphs(event.description)}</section>` : ''}
${joinSection(event, business, state, form, input.token)}
${event.status === 'cancelled' ? '' : shareSection({ url: event.url, text: `${event.title}, ${when}`, heading: 'Share this event' })}
</main>
<footer class="muted"><p>An event by ${business.name}</p></footer></div>`
  return renderDocument(
    {
      title,
      description,
      canonical: input.preview ? null : event.url,
      language,
      theme: business.theme,
      noindex: input.preview === true,
      siteName: business.name,
      image,
      jsonLd: [eventJsonLd(event, business, description)],
    },
    body,
  )
}

/** After a successful join (Post/Redirect/Get): not indexed, nothing personal on it. */
export function renderJoinedPage(event: EventView, business: BusinessView): RenderedPage {
  const body = html`<div class="wrap"><main>
<h1>You are on the list</h1>
<p>Thank you for joining <a href="${event.url}">${event.title}</a>. See you there!</p>
<p><a class="button" href="${event.calendarUrl}">Add it to my calendar (.ics)</a></p>
</main><footer class="muted"><p>An event by ${business.name}</p></footer></div>`
  return renderDocument(
    {
      title: `You joined ${event.title}`,
      description: `Your place at ${event.title} by ${business.name} is saved.`,
      canonical: null,
      language: business.language,
      theme: business.theme,
      noindex: true,
      siteName: business.name,
      image: null,
      jsonLd: [],
    },
    body,
  )
}
