import { NetworkError } from '../spec/network-error.js'

/** Public address of a post; `/i/web/status/<id>` works when the handle is unknown. */
export function xPostUrl(webUrl: string, username: string | undefined, id: string): string {
  return username ? `${webUrl}/${username}/status/${id}` : `${webUrl}/i/web/status/${id}`
}

/** X ids are 64-bit numbers sent as decimal strings. */
export function assertXPostId(id: string): void {
  if (!/^\d{1,19}$/.test(id)) {
    throw new NetworkError({
      network: 'x',
      kind: 'content_rejected',
      message: `X: "${id}" is not an X post id`,
    })
  }
}
