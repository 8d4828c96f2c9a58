import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { detectBlueskyFacets, type ResolveHandle } from './bluesky-rich-text.js'

/** Handles starting with "known" exist; every other handle does not. */
const resolveHandle: ResolveHandle = async (handle) =>
  handle.startsWith('known') ? `did:plc:${handle.replace(/\W/g, '')}` : undefined

const utf8 = (text: string) => Buffer.from(text, 'utf8')

type Token =
  | { kind: 'link'; text: string }
  | { kind: 'mention'; text: string; handle: string }
  | { kind: 'ghost'; text: string }
  | { kind: 'tag'; text: string; tag: string }

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/)
const token: fc.Arbitrary<Token> = fc.oneof(
  fc.tuple(label, fc.nat(999)).map(([path, n]) => ({
    kind: 'link' as const,
    text: `https://example.com/${path}/${n}?q=${n}`,
  })),
  label.map((name) => ({
    kind: 'mention' as const,
    text: `@known${name}.test`,
    handle: `known${name}.test`,
  })),
  label.map((name) => ({ kind: 'ghost' as const, text: `@ghost${name}.test` })),
  label.map((name) => ({ kind: 'tag' as const, text: `#t${name}`, tag: `t${name}` })),
)
/** Any text people type: accents, CJK, emoji with skin tones and ZWJ sequences. */
const prose = fc.string({ unit: 'grapheme', maxLength: 12 })

describe('detectBlueskyFacets', () => {
  it('finds a known example at the exact UTF-8 byte offsets', async () => {
    const text = 'Héllo 🚀 @knownbob.test see https://example.com/x?y=1 #launch ünïcödé'
    const { facets } = await detectBlueskyFacets(text, resolveHandle)
    expect(facets?.map((facet) => facet.index)).toEqual([
      { byteStart: 12, byteEnd: 26 },
      { byteStart: 31, byteEnd: 56 },
      { byteStart: 57, byteEnd: 64 },
    ])
    expect(facets?.[0]?.features[0]).toEqual({
      $type: 'app.bsky.richtext.facet#mention',
      did: 'did:plc:knownbobtest',
    })
  })

  it('puts every facet on the bytes of its own link, mention or hashtag, whatever comes before', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(prose, token), { minLength: 1, maxLength: 5 }),
        prose,
        async (pieces, tail) => {
          // Tokens are set apart by spaces, as people write them.
          let text = ''
          const placed: Array<{ token: Token; byteStart: number }> = []
          for (const [before, item] of pieces) {
            text += `${before} `
            placed.push({ token: item, byteStart: utf8(text).byteLength })
            text += `${item.text} `
          }
          text += tail
          const bytes = utf8(text)
          const { facets = [], unresolvedHandles } = await detectBlueskyFacets(text, resolveHandle)

          for (const facet of facets) {
            const { byteStart, byteEnd } = facet.index
            expect(byteStart).toBeLessThan(byteEnd)
            expect(byteEnd).toBeLessThanOrEqual(bytes.byteLength)
            const slice = bytes.subarray(byteStart, byteEnd)
            // Offsets fall on character boundaries: the slice survives a UTF-8 round trip.
            expect(utf8(slice.toString('utf8')).equals(slice)).toBe(true)
            const sliceText = slice.toString('utf8')
            const feature = facet.features[0] as
              | { $type: string; uri?: string; did?: string; tag?: string }
              | undefined
            if (feature?.$type === 'app.bsky.richtext.facet#link') {
              // Bare domains get a scheme in the facet, not in the text.
              expect([feature.uri, String(feature.uri).replace(/^https:\/\//, '')]).toContain(
                sliceText,
              )
            } else if (feature?.$type === 'app.bsky.richtext.facet#mention') {
              expect(feature.did).toBe(`did:plc:${sliceText.slice(1).replace(/\W/g, '')}`)
            } else if (feature?.$type === 'app.bsky.richtext.facet#tag') {
              const tag = String(feature.tag)
              // Cashtags keep their $ and are written in capitals by the library ("$aapl" is the
              // tag "$AAPL"); hashtags drop the #.
              if (sliceText.startsWith('$')) expect(tag).toBe(sliceText.toUpperCase())
              else expect(sliceText).toMatch(new RegExp(`^[#＃]${escapeRegExp(tag)}$`))
            }
          }
          const starts = new Map(facets.map((facet) => [facet.index.byteStart, facet]))
          for (const { token: item, byteStart } of placed) {
            const facet = starts.get(byteStart)
            if (item.kind === 'ghost') {
              expect(facet).toBeUndefined()
              expect(unresolvedHandles).toContain(item.text.slice(1))
              continue
            }
            expect(facet?.index.byteEnd).toBe(byteStart + utf8(item.text).byteLength)
            if (item.kind === 'link') expect(facet?.features[0]).toMatchObject({ uri: item.text })
            if (item.kind === 'tag') expect(facet?.features[0]).toMatchObject({ tag: item.tag })
          }
          // Facets come sorted and never overlap.
          for (let index = 1; index < facets.length; index++) {
            expect(facets[index]!.index.byteStart).toBeGreaterThanOrEqual(
              facets[index - 1]!.index.byteEnd,
            )
          }
        },
      ),
      { numRuns: 200 },
    )
  })

  it('has no facets for plain text', async () => {
    expect(await detectBlueskyFacets('Just bread, no links.', resolveHandle)).toEqual({
      facets: undefined,
      unresolvedHandles: [],
    })
  })
})

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
