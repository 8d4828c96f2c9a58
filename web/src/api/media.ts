import { useMutation } from '@tanstack/react-query'
import { patch, post, seg } from './client.js'
import type { Media } from './publishing-types.js'

const mediaPath = (workspaceId: string) => `/api/v1/workspaces/${seg(workspaceId)}/media`

/** Uploads one file as multipart/form-data; the server reads its type from the bytes. */
export function useUploadMedia(workspaceId: string) {
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData()
      form.append('file', file, file.name)
      return post<Media>(mediaPath(workspaceId), form)
    },
  })
}

/** The media's own alt text: what every post that does not override it uses. */
export function useUpdateMediaAltText(workspaceId: string) {
  return useMutation({
    mutationFn: ({ mediaId, altText }: { mediaId: string; altText: string }) =>
      patch<Media>(`${mediaPath(workspaceId)}/${seg(mediaId)}`, { alt_text: altText }),
  })
}
