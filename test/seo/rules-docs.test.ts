import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { fillTemplate, seoRules } from '../../src/seo/rules.js'
import { rulesMarkdown } from '../../src/seo/rules-markdown.js'

describe('the rules table', () => {
  test('ids are unique kebab-case; every field is filled; impact ranks within 1–100', () => {
    const ids = seoRules.map((rule) => rule.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const rule of seoRules) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(['error', 'warning', 'info']).toContain(rule.severity)
      expect(rule.impact).toBeGreaterThanOrEqual(1)
      expect(rule.impact).toBeLessThanOrEqual(100)
      for (const text of [rule.title, rule.message, rule.why, rule.fix])
        expect(text.trim().length).toBeGreaterThan(3)
    }
  })

  test('templates fill every placeholder they are given', () => {
    expect(
      fillTemplate('Links to {target}, which {problem}.', { target: '/a', problem: 'answers 404' }),
    ).toBe('Links to /a, which answers 404.')
    expect(fillTemplate('{missing} stays', {})).toBe('{missing} stays')
  })

  test('docs/site-check.md lists every rule exactly as the table says', () => {
    const docs = readFileSync(
      fileURLToPath(new URL('../../docs/site-check.md', import.meta.url)),
      'utf8',
    )
    const section = /<!-- rules:start -->\n([\s\S]*)<!-- rules:end -->/.exec(docs)?.[1]
    // To refresh: print rulesMarkdown() (see src/seo/rules-markdown.ts) between the markers.
    expect(section).toBe(rulesMarkdown())
    for (const rule of seoRules) expect(section).toContain(`\`${rule.id}\``)
  })
})
