import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { get, post, seg } from '../../api/client.js'
import { postsKey } from '../../api/posts.js'

export type ImportRowStatus = 'good' | 'bad' | 'duplicate' | 'imported' | 'failed'

export interface ImportRow {
  row: number
  status: ImportRowStatus
  text: string
  channels: string[]
  time: string | null
  images: number
  labels: string[]
  campaign: string | null
  problems: string[]
  warnings: string[]
  post_id: string | null
}

export interface PostImport {
  id: string
  file_name: string | null
  status: 'ready' | 'importing' | 'done' | 'cancelled'
  total_rows: number
  good_rows: number
  bad_rows: number
  duplicate_rows: number
  progress: { done: number; total: number; percent: number }
  created_posts: number
  failed_rows: Array<{ row: number; message: string }>
  created_at: string
  finished_at: string | null
  rows: ImportRow[]
}

const importsPath = (workspaceId: string) => `/api/v1/workspaces/${seg(workspaceId)}/post-imports`
const importKey = (workspaceId: string, id: string) => ['workspace', workspaceId, 'post-import', id]

/** Uploads a file: the answer is the preview, every row checked. */
export function usePreviewImport(workspaceId: string) {
  return useMutation({
    mutationFn: (file: { file_name: string; content: string }) =>
      post<PostImport>(importsPath(workspaceId), file),
  })
}

export function useConfirmImport(workspaceId: string) {
  return useMutation({
    mutationFn: (input: { id: string; skip_bad_rows: boolean }) =>
      post<PostImport>(`${importsPath(workspaceId)}/${seg(input.id)}/confirm`, {
        skip_bad_rows: input.skip_bad_rows,
      }),
  })
}

export function useCancelImport(workspaceId: string) {
  return useMutation({
    mutationFn: (id: string) => post<PostImport>(`${importsPath(workspaceId)}/${seg(id)}/cancel`),
  })
}

/** The import while it runs: polled twice a second until it is done, then the posts refresh. */
export function useImportProgress(workspaceId: string, id: string | null) {
  const queryClient = useQueryClient()
  return useQuery({
    queryKey: importKey(workspaceId, id ?? ''),
    enabled: Boolean(id),
    queryFn: async () => {
      const current = await get<PostImport>(`${importsPath(workspaceId)}/${seg(id ?? '')}`)
      if (current.status === 'done') {
        await queryClient.invalidateQueries({ queryKey: postsKey(workspaceId) })
      }
      return current
    },
    refetchInterval: (query) => (query.state.data?.status === 'importing' ? 500 : false),
  })
}

/** Where the browser downloads an export from (a plain link: the session cookie goes with it). */
export function exportHref(
  workspaceId: string,
  input: { format: 'csv' | 'json'; from: string | null; to: string | null },
): string {
  const query = new URLSearchParams({ format: input.format })
  if (input.from) query.set('from', input.from)
  if (input.to) query.set('to', input.to)
  return `/api/v1/workspaces/${seg(workspaceId)}/post-export?${query}`
}
