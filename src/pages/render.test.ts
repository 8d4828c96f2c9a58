import fc from 'fast-check'
import { parseDocument } from 'htmlparser2'
import { describe, expect, test } from 'vitest'
import { createSecretBox } from '../security/secret-box.js'
import { attendeesCsv, csvField } from './attendees-csv.js'
import { checkFormToken, FORM_TOKEN_MAX_AGE_MS, issueFormToken } from './form-token.js'
import { html, jsonForScript, paragraphs, raw, safeUrl } from './html.js'
import { clip, eventDescription, eventTitle, homeDescription, homeTitle } from './seo-text.js'
import { contrastRatio, inkOn, readTheme } from './themes.js'

describe('the html`` template', () => {
  test('escapes every interpolated string, in text and in attributes (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (value) => {
        const out = html`<p title="${value}">${value}</p>`.text
        const document = parseDocument(out)
        const p = document.children[0] as unknown as {
          attribs: Record<string, string>
          children: Array<{ data?: string }>
        }
        expect(document.children).toHaveLength(1)
        expect(p.attribs.title).toBe(value)
        expect(p.children.map((child) => child.data ?? '').join('')).toBe(value)
      }),
      { numRuns: 500 },
    )
  })

  test('nests safely: arrays join, falsy values vanish, raw is trusted', () => {
    const items = ['<b>', 'ok']
    expect(html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>`.text).toBe(
      '<ul><li>&lt;b&gt;</li><li>ok</li></ul>',
    )
    expect(html`a${null}${undefined}${false}b${0}`.text).toBe('ab0')
    expect(html`${raw('<br>')}`.text).toBe('<br>')
    expect(paragraphs('one\ntwo\n\n<three>').text).toBe('<p>one<br>two</p><p>&lt;three&gt;</p>')
  })

  test('only web, mail and phone addresses reach href', () => {
    expect(safeUrl('https://ok.example/a?b=1')).toBe('https://ok.example/a?b=1')
    expect(safeUrl('mailto:a@b.example')).toBe('mailto:a@b.example')
    expect(safeUrl('/p/x')).toBe('/p/x')
    for (const bad of [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'data:text/html,x',
      '//evil.example',
      'vbscript:x',
    ])
      expect(safeUrl(bad)).toBe('#')
  })

  test('JSON-LD text can never close its script element (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, text) => {
        const out = jsonForScript({ value, text, tail: '</script><script>alert(1)</script>' }).text
        expect(out).not.toMatch(/<|>/)
        expect(JSON.parse(out)).toEqual({
          value: JSON.parse(JSON.stringify(value)),
          text,
          tail: '</script><script>alert(1)</script>',
        })
      }),
      { numRuns: 300 },
    )
  })
})

describe('titles and descriptions', () => {
  const name = fc.string({ minLength: 1, maxLength: 120 }).filter((s) => s.trim().length > 0)
  test('titles are 20-60 and descriptions 50-160 characters, whatever was typed (property)', () => {
    fc.assert(
      fc.property(
        name,
        fc.option(fc.string({ maxLength: 600 }), { nil: null }),
        fc.option(
          fc.string({ maxLength: 40 }).filter((s) => s.trim() !== ''),
          { nil: null },
        ),
        (business, description, locality) => {
          const title = homeTitle({ name: business, seoTitle: null, locality })
          const length = [...title].length
          expect(length).toBeLessThanOrEqual(60)
          if ([...business.trim()].length >= 3) expect(length).toBeGreaterThanOrEqual(20)
          const text = homeDescription({ name: business, description })
          expect([...text].length).toBeLessThanOrEqual(160)
          expect([...text].length).toBeGreaterThanOrEqual(50)
          const event = eventTitle({
            title: business,
            date: 'Sat, Dec 5, 2026',
            business: 'Corner Bakery',
          })
          expect([...event].length).toBeLessThanOrEqual(60)
          const summary = eventDescription({
            description,
            when: 'Saturday, December 5, 2026, 6:00 – 8:00 PM',
            where: locality,
            business: 'Corner Bakery',
          })
          expect([...summary].length).toBeLessThanOrEqual(160)
          expect([...summary].length).toBeGreaterThanOrEqual(50)
        },
      ),
      { numRuns: 400 },
    )
  })

  test('cuts fall on a word, with an ellipsis', () => {
    expect(clip('Fresh sourdough bread every single morning', 20)).toBe('Fresh sourdough…')
    expect(clip('  short   text ', 20)).toBe('short text')
    expect(homeTitle({ name: 'Corner Bakery', seoTitle: null, locality: 'Paris' })).toBe(
      'Corner Bakery in Paris',
    )
    expect(homeTitle({ name: 'Bake', seoTitle: null, locality: null })).toBe(
      'Bake: hours, events and links',
    )
  })
})

describe('themes', () => {
  test('unknown values fall back; text on the accent always reads (WCAG AA large text)', () => {
    expect(readTheme({ palette: 'neon', accent: 'red' })).toEqual({
      palette: 'light',
      font: 'system',
      layout: 'centered',
      accent: '#2563eb',
    })
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
        const accent = `#${n.toString(16).padStart(6, '0')}`
        expect(contrastRatio(accent, inkOn(accent))).toBeGreaterThanOrEqual(3)
      }),
    )
  })
})

describe('attendee CSV', () => {
  test('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('line\nbreak')).toBe('"line\nbreak"')
    for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx'])
      expect(csvField(formula)).toMatch(/^"?'/)
    expect(csvField(null)).toBe('')
    const csv = attendeesCsv([
      {
        name: 'Sam',
        email: 's@x.example',
        consent: true,
        consent_text: 'I agree.',
        joined_at: 0,
        contact_id: null,
      },
    ])
    expect(csv).toBe(
      'name,email,consent,joined_at,contact_id,consent_text\r\nSam,s@x.example,yes,1970-01-01T00:00:00.000Z,,I agree.\r\n',
    )
  })
})

describe('the join form token', () => {
  const box = createSecretBox(Buffer.alloc(32, 7))
  const other = createSecretBox(Buffer.alloc(32, 8))
  test('valid for its event for a day, refused when forged, foreign, stale or from the future', () => {
    const now = 1_800_000_000_000
    const token = issueFormToken(box, 'evt_a', now)
    expect(checkFormToken(box, token, 'evt_a', now + 1000)).toBeNull()
    expect(checkFormToken(box, token, 'evt_b', now)).toBe('other_event')
    expect(checkFormToken(box, token, 'evt_a', now + FORM_TOKEN_MAX_AGE_MS + 1)).toBe('expired')
    expect(checkFormToken(box, issueFormToken(box, 'evt_a', now + 3_600_000), 'evt_a', now)).toBe(
      'expired',
    )
    expect(checkFormToken(other, token, 'evt_a', now)).toBe('invalid')
    expect(checkFormToken(box, undefined, 'evt_a', now)).toBe('missing')
    const tampered = token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA')
    expect(checkFormToken(box, tampered, 'evt_a', now)).toBe('invalid')
  })
})
