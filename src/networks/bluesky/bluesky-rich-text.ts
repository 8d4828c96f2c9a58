import { type AppBskyRichtextFacet, RichText } from '@atproto/api'

/** Returns the DID of a handle, or undefined when no such account exists. */
export type ResolveHandle = (handle: string) => Promise<string | undefined>

export interface DetectedFacets {
  /** Sorted by position; absent when the text has no link, mention or hashtag. */
  facets: AppBskyRichtextFacet.Main[] | undefined
  /** Handles that match no account: left as plain text, reported as warnings. */
  unresolvedHandles: string[]
}

/**
 * Links, mentions and hashtags as facets at UTF-8 byte offsets (Bluesky does not detect them
 * server-side). Detection is the official library's; resolution is ours, because the library
 * leaves `did: ''` on a failed lookup (an invalid record) and cannot tell "no such handle" from
 * "server down". `resolveHandle` should throw on the latter.
 */
export async function detectBlueskyFacets(
  text: string,
  resolveHandle: ResolveHandle,
): Promise<DetectedFacets> {
  const richText = new RichText({ text })
  richText.detectFacetsWithoutResolution()
  const detected = richText.facets ?? []
  const handles = new Set<string>()
  for (const facet of detected) {
    for (const feature of facet.features) {
      if (isMention(feature)) handles.add(feature.did)
    }
  }
  const dids = new Map<string, string | undefined>()
  await Promise.all(
    [...handles].map(async (handle) => dids.set(handle, await resolveHandle(handle))),
  )

  const facets: AppBskyRichtextFacet.Main[] = []
  const unresolvedHandles = [...handles].filter((handle) => dids.get(handle) === undefined)
  for (const facet of detected) {
    const features = facet.features.flatMap((feature) => {
      if (!isMention(feature)) return [feature]
      const did = dids.get(feature.did)
      return did ? [{ ...feature, did }] : []
    })
    if (features.length > 0) facets.push({ ...facet, features })
  }
  return { facets: facets.length > 0 ? facets : undefined, unresolvedHandles }
}

type Feature = AppBskyRichtextFacet.Main['features'][number]

function isMention(feature: Feature): feature is Feature & AppBskyRichtextFacet.Mention {
  return feature.$type === 'app.bsky.richtext.facet#mention'
}
